package com.flownurture.bounces;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;

/**
 * A post to a bounce webhook, as each provider's reader sees it.
 *
 * @param header       a request header by name (case-insensitive), or null
 * @param bounceSecret the organization's bounce secret (for the generic hook), or, when the organization does not
 *                     exist, a random one nobody knows, so that its post fails exactly as a badly signed one does
 * @param now          the server's clock, epoch milliseconds
 * @param window       how far a signed timestamp may be from {@code now}, milliseconds
 */
public record HookRequest(byte[] body, Function<String, String> header, String bounceSecret, long now, long window) {

    /** The body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; malformed JSON is a 400 (only ever read after the signature was checked). */
    public JsonStructure json() {
        try (var reader = Json.createReader(new java.io.StringReader(text()))) {
            return reader.read();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidInputException("The body is not valid JSON");
        }
    }

    /**
     * Checks a signed timestamp in epoch seconds against the window.
     *
     * @return until when a post signed then must be remembered (epoch milliseconds): after that the window refuses it
     * @throws BadSignatureException when the timestamp is missing, malformed or outside the window
     */
    public long freshUntil(String seconds) {
        try {
            return freshUntilMillis(Math.multiplyExact(Long.parseLong(seconds == null ? "" : seconds.strip()), 1000));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadSignatureException("The signature has no valid timestamp");
        }
    }

    /** {@link #freshUntil(String)} of a timestamp in epoch milliseconds. */
    public long freshUntilMillis(long signedAt) {
        if (Math.abs(now - signedAt) > window) {
            throw new BadSignatureException("The signature's timestamp is not within " + window / 1000
                    + " seconds of the server's clock");
        }
        return signedAt + window;
    }
}
