package com.flownurture.http;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import com.flownurture.common.Sha256;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
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
 * work being done twice; the same key with another body is a 422. Keys are kept per API key for 24 hours; which
 * key made a request is the API filter's knowledge, handed in as a function, so this edge class needs no auth types.
 * Concurrent retries are serialised (by SQLite's single writer, by a PostgreSQL transaction lock on the key), so the
 * second sees the first's response.
 * Thread-safe.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    static final Duration RETENTION = Duration.ofHours(24);
    private static final long CLEANUP_EVERY_MILLIS = 60_000;

    private final Database db;
    private final Clock clock;
    private final Function<ServerRequest, String> keyIdOf;
    private final SecretBox secrets;
    private final AtomicLong lastCleanup = new AtomicLong();

    /**
     * @param keyIdOf the id of the API key that made an authenticated request
     * @param secrets seals the stored responses: some carry a secret shown once (a webhook subscription's), and
     *                all carry the organization's data
     */
    public Idempotency(Database db, Clock clock, Function<ServerRequest, String> keyIdOf, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.keyIdOf = keyIdOf;
        this.secrets = secrets;
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
        cleanup();
        Stored stored = db.write(tx -> {
            tx.createNamedGet("idempotency-lock").addParam("keyId", keyId).addParam("key", key).execute();
            var previous = tx.createNamedGet("idempotency-get").addParam("keyId", keyId).addParam("key", key)
                    .execute();
            if (previous.isPresent()) {
                if (!Rows.string(previous.get(), "request_hash").equals(hash)) {
                    throw new HttpException("This Idempotency-Key was used with a different request",
                            Status.create(422, "Unprocessable Entity"));
                }
                return new Stored((int) Rows.longValue(previous.get(), "status"), secrets.open(
                        StoredSecret.IDEMPOTENT_RESPONSE, keyId, Rows.string(previous.get(), "response")), true);
            }
            String body = JsonOutput.text(work.get());
            tx.createNamedInsert("idempotency-insert").addParam("keyId", keyId).addParam("key", key)
                    .addParam("hash", hash).addParam("status", status.code())
                    .addParam("response", secrets.seal(StoredSecret.IDEMPOTENT_RESPONSE, keyId, body))
                    .addParam("now", clock.millis()).execute();
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

    private void cleanup() {
        long now = clock.millis();
        long last = lastCleanup.get();
        if (now - last > CLEANUP_EVERY_MILLIS && lastCleanup.compareAndSet(last, now)) {
            db.write(tx -> tx.createNamedDelete("idempotency-expire")
                    .addParam("before", now - RETENTION.toMillis()).execute());
        }
    }
}
