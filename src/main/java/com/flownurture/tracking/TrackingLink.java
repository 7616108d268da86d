package com.flownurture.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.common.Signatures;

/**
 * A signed tracking URL: the pixel {@code /t/o/{messageId}.{signature}} or a link
 * {@code /t/c/{messageId}.{base64url(target)}.{signature}}. The signature is the HMAC-SHA256 (first 128 bits,
 * base64url) of the kind, the message id and the target under the message's own tracking key, which never leaves the
 * server: nobody can make a URL that redirects elsewhere, and changing any character of one makes it unknown. The
 * honeypot link is a link with an empty target. Immutable.
 *
 * @param target the link's address; empty for the honeypot; null for the pixel
 */
public record TrackingLink(String messageId, String target, String signature) {

    private static final Pattern OPEN = Pattern.compile("([0-9a-z]{1,64})\\.([A-Za-z0-9_-]{22})");
    private static final Pattern CLICK = Pattern.compile("([0-9a-z]{1,64})\\.([A-Za-z0-9_-]{0,8000})\\.([A-Za-z0-9_-]{22})");
    private static final int SIGNATURE_BYTES = 16;

    /** The pixel's path for a message. */
    public static String pixelPath(String messageId, String key) {
        return "/t/o/" + messageId + "." + sign(key, "open\n" + messageId);
    }

    /** A tracked link's path for a message and its target (empty: the honeypot). */
    public static String clickPath(String messageId, String key, String target) {
        return "/t/c/" + messageId + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(target.getBytes(StandardCharsets.UTF_8)) + "." + sign(key, click(messageId, target));
    }

    /** The pixel token of {@code /t/o/{token}}, if it is well formed (not yet checked). */
    public static Optional<TrackingLink> open(String token) {
        Matcher m = OPEN.matcher(token);
        return m.matches() ? Optional.of(new TrackingLink(m.group(1), null, m.group(2))) : Optional.empty();
    }

    /** The link token of {@code /t/c/{token}}, if it is well formed (not yet checked). */
    public static Optional<TrackingLink> click(String token) {
        Matcher m = CLICK.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            byte[] target = Base64.getUrlDecoder().decode(m.group(2));
            return Optional.of(new TrackingLink(m.group(1), new String(target, StandardCharsets.UTF_8), m.group(3)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the message's key made this signature (a constant-time comparison). */
    public boolean signedWith(String key) {
        String expected = sign(key, target == null ? "open\n" + messageId : click(messageId, target));
        return Signatures.same(expected, signature);
    }

    /** Whether this is the hidden honeypot link. */
    public boolean honeypot() {
        return target != null && target.isEmpty();
    }

    private static String click(String messageId, String target) {
        return "click\n" + messageId + "\n" + target;
    }

    private static String sign(String key, String data) {
        byte[] full = Signatures.hmacSha256(key, data.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, SIGNATURE_BYTES));
    }
}
