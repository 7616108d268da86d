package com.flownurture.http;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import com.flownurture.common.Sha256;
import com.flownurture.db.Database;
import com.flownurture.idempotency.IdempotencyKeys;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import jakarta.json.JsonValue;

/**
 * {@code Idempotency-Key} on POST: the first response to a key is stored in the same transaction as the work, and
 * a retry with the same key and body gets that response again ({@code Idempotency-Replayed: true}) without the
 * work being done twice; the same key with another body is a 422. Keys are kept per API key for 24 hours
 * ({@link IdempotencyKeys}); which key made a request is the API filter's knowledge, handed in as a function, so this
 * edge class needs no auth types. Concurrent retries are serialised (by SQLite's single writer, by a PostgreSQL
 * transaction lock on the key), so the second sees the first's response.
 * Thread-safe.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    private final Database db;
    private final IdempotencyKeys keys;
    private final Function<ServerRequest, String> keyIdOf;

    /**
     * @param db      runs the work and the kept response in one transaction
     * @param keyIdOf the id of the API key that made an authenticated request
     */
    public Idempotency(Database db, IdempotencyKeys keys, Function<ServerRequest, String> keyIdOf) {
        this.db = db;
        this.keys = keys;
        this.keyIdOf = keyIdOf;
    }

    private record Stored(int status, String body, boolean replayed) {
    }

    /**
     * Answers a POST, once per Idempotency-Key when the client sends one.
     *
     * @param status the status of a first, successful response
     * @param work   the handler's work; its writes join this transaction
     */
    public void respond(ServerRequest req, ServerResponse res, Status status, Supplier<JsonValue> work) {
        String key = req.headers().first(io.helidon.http.HeaderNames.create(HEADER)).orElse(null);
        if (key == null) {
            Responses.json(res, status, work.get());
            return;
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new HttpException(HEADER + " must be 1 to 255 printable ASCII characters", Status.BAD_REQUEST_400);
        }
        String keyId = keyIdOf.apply(req);
        String hash = hash(req);
        keys.expireOld();
        Stored stored = db.write(tx -> {
            Optional<IdempotencyKeys.Kept> previous = keys.lockAndFind(tx, keyId, key);
            if (previous.isPresent()) {
                if (!previous.get().requestHash().equals(hash)) {
                    throw new HttpException("This Idempotency-Key was used with a different request",
                            Status.create(422, "Unprocessable Entity"));
                }
                return new Stored(previous.get().status(), previous.get().body(), true);
            }
            String body = JsonOutput.text(work.get());
            keys.keep(tx, keyId, key, hash, status.code(), body);
            return new Stored(status.code(), body, false);
        });
        if (stored.replayed()) {
            res.header("Idempotency-Replayed", "true");
        }
        try (var reader = Json.createReader(new StringReader(stored.body()))) {
            Responses.json(res, Status.create(stored.status()), reader.readValue());
        }
    }

    /** The request as the key is bound to it: method, path and body. */
    private static String hash(ServerRequest req) {
        MessageDigest digest = Sha256.digest();
        digest.update((req.prologue().method().text() + " " + req.path().rawPath() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        digest.update(JsonBody.bytes(req));
        return HexFormat.of().formatHex(digest.digest());
    }
}
