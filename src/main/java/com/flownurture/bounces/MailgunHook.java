package com.flownurture.bounces;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.flownurture.common.Signatures;
import com.flownurture.suppressions.SuppressionReason;
import jakarta.json.JsonObject;

/**
 * Mailgun's webhooks ({@code failed} and {@code complained}): the body carries {@code signature: {timestamp, token,
 * signature}}, the hex HMAC-SHA256 of timestamp + token under the account's HTTP webhook signing key. The token is
 * random per post, and Mailgun's advice is to refuse one seen before: it identifies the post against replays, on
 * whichever organization's path it comes back (the signature does not cover the path).
 */
final class MailgunHook implements ProviderHook {

    private static final String REFUSAL = "Bad Mailgun signature";

    private final String signingKey;

    MailgunHook(String signingKey) {
        this.signingKey = signingKey;
    }

    @Override
    public String refusal() {
        return REFUSAL;
    }

    @Override
    public Report read(HookRequest request) {
        if (signingKey.isBlank()) {
            throw new BadSignatureException("Mailgun is not configured (bounces.mailgun.signing-key)");
        }
        JsonObject body;
        JsonObject signature;
        Replay replay;
        try {
            body = request.json().asJsonObject();
            signature = body.getJsonObject("signature");
            String timestamp = signature.getString("timestamp");
            long until = request.freshUntil(timestamp);
            String token = signature.getString("token");
            String expected = Signatures.hmacSha256Hex(signingKey, (timestamp + token).getBytes(StandardCharsets.UTF_8));
            if (!Signatures.same(expected, signature.getString("signature"))) {
                throw new BadSignatureException(REFUSAL);
            }
            replay = Replay.of(until, "mailgun", token);
        } catch (RuntimeException e) {
            throw e instanceof BadSignatureException bad ? bad : new BadSignatureException("Unsigned Mailgun post");
        }
        JsonObject event = body.getJsonObject("event-data");
        if (event == null) {
            return new Report(List.of(), replay);
        }
        SuppressionReason type = switch (event.getString("event", "")) {
            case "failed" -> "permanent".equals(event.getString("severity", "")) ? SuppressionReason.HARD_BOUNCE
                    : SuppressionReason.SOFT_BOUNCE;
            case "complained" -> SuppressionReason.COMPLAINT;
            default -> null;
        };
        if (type == null || !event.containsKey("recipient")) {
            return new Report(List.of(), replay);
        }
        String messageId = null;
        JsonObject message = event.getJsonObject("message");
        if (message != null && message.getJsonObject("headers") != null) {
            String id = message.getJsonObject("headers").getString("message-id", null);
            messageId = id == null ? null : id.startsWith("<") ? id : "<" + id + ">";
        }
        JsonObject status = event.getJsonObject("delivery-status");
        String detail = status == null ? null
                : (status.containsKey("code") ? status.get("code") + " " : "") + status.getString("description",
                status.getString("message", "")).strip();
        return new Report(List.of(new Bounce(type, event.getString("recipient"), messageId, detail)), replay);
    }
}
