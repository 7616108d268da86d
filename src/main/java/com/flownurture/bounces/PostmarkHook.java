package com.flownurture.bounces;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.flownurture.common.Signatures;
import com.flownurture.suppressions.SuppressionReason;
import jakarta.json.JsonObject;

/**
 * Postmark's bounce and spam-complaint webhooks. Postmark does not sign its posts; it sends the HTTP Basic
 * credentials put in the webhook's URL, so those are checked (configured as {@code bounces.postmark}). With no
 * signature and no timestamp, a captured post is as good as the credentials; what the scheme does allow is to count
 * each bounce record once by its {@code ID}, remembered for a day (Postmark retries a failed post for about ten
 * hours).
 */
final class PostmarkHook implements ProviderHook {

    private static final String REFUSAL = "Bad or missing Postmark credentials";
    private static final long REMEMBER_MILLIS = java.time.Duration.ofDays(1).toMillis();

    private static final Set<String> HARD = Set.of("HardBounce", "BadEmailAddress", "ManuallyDeactivated",
            "Blocked", "AddressChange");
    private static final Set<String> SOFT = Set.of("SoftBounce", "Transient", "DnsError", "AutoResponder");

    private final String expected;

    PostmarkHook(String username, String password) {
        this.expected = username.isBlank() ? "" : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String refusal() {
        return REFUSAL;
    }

    @Override
    public Report read(HookRequest request) {
        if (expected.isEmpty()) {
            throw new BadSignatureException("Postmark is not configured (bounces.postmark)");
        }
        if (!Signatures.same(expected, request.header().apply("Authorization"))) {
            throw new BadSignatureException(REFUSAL);
        }
        JsonObject body = request.json().asJsonObject();
        String email = body.getString("Email", null);
        String detail = body.getString("Details", body.getString("Description", null));
        String record = body.getString("RecordType", "");
        String kind = body.getString("Type", "");
        SuppressionReason type = record.equals("SpamComplaint") || kind.equals("SpamComplaint")
                ? SuppressionReason.COMPLAINT
                : !record.equals("Bounce") ? null
                : HARD.contains(kind) ? SuppressionReason.HARD_BOUNCE
                : SOFT.contains(kind) ? SuppressionReason.SOFT_BOUNCE : null;
        Replay replay = body.containsKey("ID") ? Replay.of(request.now() + REMEMBER_MILLIS, "postmark", record,
                body.get("ID").toString()) : null;
        return new Report(type == null || email == null ? List.of() : List.of(new Bounce(type, email, null, detail)),
                replay);
    }
}
