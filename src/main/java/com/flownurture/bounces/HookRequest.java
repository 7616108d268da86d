package com.flownurture.bounces;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.orgs.Organization;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;

/**
 * A post to a bounce webhook, as each provider's reader sees it.
 *
 * @param header a request header by name (case-insensitive), or null
 * @param now    the server's clock, epoch milliseconds (for timestamp windows)
 */
public record HookRequest(byte[] body, Function<String, String> header, Organization org, long now) {

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
}
