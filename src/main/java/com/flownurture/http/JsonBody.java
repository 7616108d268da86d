package com.flownurture.http;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.flownurture.common.JsonFields;
import io.helidon.http.HttpException;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import com.flownurture.common.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonStructure;

/**
 * Reads a request body as strict JSON: {@code application/json}, valid UTF-8, no duplicate keys, at most
 * {@value #MAX_DEPTH} levels deep. Anything else is a 4xx before a handler sees it.
 */
public final class JsonBody {

    /** Deeper documents are refused; no request of this API needs more than a few levels. */
    static final int MAX_DEPTH = 32;

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of(
            "org.eclipse.parsson.maxDepth", MAX_DEPTH,
            "org.eclipse.parsson.rejectDuplicateKeys", true,
            "org.eclipse.parsson.maxBigDecimalLength", 100));

    private JsonBody() {
    }

    /** The body as a JSON object. */
    public static JsonFields object(ServerRequest req) {
        if (!(read(req) instanceof JsonObject object)) {
            throw new HttpException("Request body must be a JSON object", Status.BAD_REQUEST_400);
        }
        return new JsonFields(object, "");
    }

    /** The body as a JSON array. */
    public static JsonArray array(ServerRequest req) {
        if (!(read(req) instanceof JsonArray array)) {
            throw new HttpException("Request body must be a JSON array", Status.BAD_REQUEST_400);
        }
        return array;
    }

    /** The raw body, read once and kept in the request context (an idempotency check reads it too). */
    static byte[] bytes(ServerRequest req) {
        return req.context().get(RawBody.class, RawBody.class).map(RawBody::bytes).orElseGet(() -> {
            byte[] bytes = req.content().hasEntity()
                    ? SlowRequestGuard.reading(req, () -> req.content().as(byte[].class))
                    : new byte[0];
            req.context().register(RawBody.class, new RawBody(bytes));
            return bytes;
        });
    }

    private record RawBody(byte[] bytes) {
    }

    private static JsonStructure read(ServerRequest req) {
        requireJsonContentType(req);
        byte[] bytes = bytes(req);
        if (bytes.length == 0) {
            throw new HttpException("Request body is required", Status.BAD_REQUEST_400);
        }
        String text = decode(bytes);
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.read();
        } catch (RuntimeException e) {
            // Parsson signals depth and number limits with plain runtime exceptions: all mean a refused body.
            throw new HttpException("Malformed JSON body", Status.BAD_REQUEST_400);
        }
    }

    private static void requireJsonContentType(ServerRequest req) {
        HttpMediaType type = req.headers().contentType().orElse(null);
        boolean json = type != null
                && "application".equalsIgnoreCase(type.mediaType().type())
                && "json".equalsIgnoreCase(type.mediaType().subtype())
                && type.charset().map(c -> c.equalsIgnoreCase("utf-8")).orElse(true);
        if (!json) {
            throw new HttpException("Content-Type must be application/json", Status.UNSUPPORTED_MEDIA_TYPE_415);
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpException("Request body is not valid UTF-8", Status.BAD_REQUEST_400);
        }
    }
}
