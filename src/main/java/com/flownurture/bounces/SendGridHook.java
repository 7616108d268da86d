package com.flownurture.bounces;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.flownurture.suppressions.SuppressionReason;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * SendGrid's Event Webhook with signed events: {@code X-Twilio-Email-Event-Webhook-Signature} is the base64 ECDSA
 * (P-256, SHA-256) signature of the {@code X-Twilio-Email-Event-Webhook-Timestamp} header followed by the raw body,
 * checked with the verification key SendGrid shows (configured as {@code bounces.sendgrid.public-key}). What the
 * signature covers, the timestamp and the body, identifies the post against replays (not the signature itself: an
 * ECDSA signature can be rewritten into another valid one of the same content).
 */
final class SendGridHook implements ProviderHook {

    private static final String REFUSAL = "Bad SendGrid signature";

    private final PublicKey key;

    SendGridHook(String publicKey) {
        this.key = publicKey.isBlank() ? null : parse(publicKey);
    }

    @Override
    public String refusal() {
        return REFUSAL;
    }

    @Override
    public Report read(HookRequest request) {
        if (key == null) {
            throw new BadSignatureException("SendGrid is not configured (bounces.sendgrid.public-key)");
        }
        String timestamp = request.header().apply("X-Twilio-Email-Event-Webhook-Timestamp");
        String signature = request.header().apply("X-Twilio-Email-Event-Webhook-Signature");
        long until = request.freshUntil(timestamp);
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(request.body());
            if (signature == null || !ecdsa.verify(Base64.getDecoder().decode(signature.strip()))) {
                throw new BadSignatureException(REFUSAL);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadSignatureException(REFUSAL);
        }
        List<Bounce> bounces = new ArrayList<>();
        for (JsonValue value : request.json().asJsonArray()) {
            JsonObject event = value.asJsonObject();
            SuppressionReason type = switch (event.getString("event", "")) {
                case "bounce" -> "blocked".equals(event.getString("type", "")) ? SuppressionReason.SOFT_BOUNCE
                        : SuppressionReason.HARD_BOUNCE;
                case "spamreport" -> SuppressionReason.COMPLAINT;
                default -> null;
            };
            if (type != null && event.containsKey("email")) {
                String detail = event.containsKey("status") ? event.getString("status") + " " : "";
                bounces.add(new Bounce(type, event.getString("email"), event.getString("smtp-id", null),
                        (detail + event.getString("reason", "")).strip()));
            }
        }
        return new Report(bounces, Replay.of(until, "sendgrid", timestamp.getBytes(StandardCharsets.UTF_8),
                request.body()));
    }

    private static PublicKey parse(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bounces.sendgrid.public-key is not a base64 EC public key", e);
        }
    }
}
