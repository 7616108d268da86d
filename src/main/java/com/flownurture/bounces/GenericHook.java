package com.flownurture.bounces;

import java.util.ArrayList;
import java.util.List;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.JsonFields;
import com.flownurture.common.Signatures;
import com.flownurture.common.WebhookSignature;
import com.flownurture.suppressions.SuppressionReason;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The generic JSON endpoint, for any sender that can sign a post: {@code {"events":[{"type":"HARD_BOUNCE",
 * "email":"...","messageId":"<...>","detail":"550 5.1.1"}]}}, signed as this server signs its own webhooks but with
 * the organization's bounce secret (never its webhook secret, which every receiver of those knows):
 * {@code X-FlowNurture-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">} and {@code X-FlowNurture-Timestamp}
 * in epoch seconds, within the window: one implementation, {@link WebhookSignature}, signs and checks both. The
 * signature identifies the post against replays: it covers the timestamp and the body under a secret of one
 * organization.
 */
final class GenericHook implements ProviderHook {

    private static final List<String> TYPES = List.of("HARD_BOUNCE", "SOFT_BOUNCE", "COMPLAINT");
    private static final String REFUSAL = "Bad or missing X-FlowNurture-Signature";

    @Override
    public String refusal() {
        return REFUSAL;
    }

    @Override
    public Report read(HookRequest request) {
        String timestamp = request.header().apply(WebhookSignature.TIMESTAMP);
        long until = request.freshUntil(timestamp);
        String expected = WebhookSignature.sign(request.bounceSecret(), timestamp.strip(), request.body());
        if (!Signatures.same(expected, request.header().apply(WebhookSignature.SIGNATURE))) {
            throw new BadSignatureException(REFUSAL);
        }
        if (!(request.json() instanceof JsonObject body)) {
            throw new InvalidInputException("The body must be an object with events");
        }
        List<Bounce> bounces = new ArrayList<>();
        for (JsonValue value : new JsonFields(body, "").allowOnly(List.of("events")).requiredArray("events")) {
            JsonFields event = JsonFields.element(value, "events[" + bounces.size() + "]")
                    .allowOnly(List.of("type", "email", "messageId", "detail"));
            String type = event.optionalEnum("type", TYPES);
            String email = event.optionalEmail("email");
            String messageId = event.optionalString("messageId", 255);
            if (type == null || email == null && messageId == null) {
                throw new InvalidInputException(event.name("type") + " and email or messageId are required");
            }
            bounces.add(new Bounce(SuppressionReason.valueOf(type), email, messageId,
                    event.optionalString("detail", 1000)));
        }
        return new Report(bounces, Replay.of(until, "generic", expected));
    }
}
