package com.flownurture.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.Sha256;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;

/**
 * API keys: made here, shown once, stored only as a SHA-256 hash with a short non-secret prefix for display.
 * Thread-safe.
 */
public final class ApiKeys {

    /** Every key starts with this, as in the public reference. */
    public static final String KEY_PREFIX = "fn_";

    private static final int SECRET_LENGTH = 40;
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A key just made: the only moment its secret exists outside the client. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    /**
     * Creates a key for an organization.
     *
     * @throws InvalidInputException for an unknown scope or no scope at all
     * @throws NotFoundException     for an unknown organization
     */
    public CreatedKey create(String orgId, String name, List<String> scopes) {
        if (scopes.isEmpty()) {
            throw new InvalidInputException("a key needs at least one scope");
        }
        for (String scope : scopes) {
            if (!Scopes.isKnown(scope)) {
                throw new InvalidInputException("unknown scope '" + scope + "'; known: " + String.join(",", Scopes.ALL));
            }
        }
        if (db.read(exec -> exec.createNamedGet("org-get").addParam("id", orgId).execute()).isEmpty()) {
            throw new NotFoundException("Organization not found");
        }
        String secret = newSecret();
        String id = Ids.newId();
        long now = clock.millis();
        List<String> distinct = scopes.stream().distinct().toList();
        db.write(tx -> tx.createNamedInsert("key-insert")
                .addParam("id", id).addParam("org", orgId).addParam("name", name)
                .addParam("hash", hash(secret)).addParam("prefix", secret.substring(0, 10))
                .addParam("scopes", String.join(" ", distinct)).addParam("now", now)
                .execute());
        return new CreatedKey(new ApiKey(id, orgId, name, secret.substring(0, 10), distinct, now, null, null), secret);
    }

    /** The key whose secret has this hash, revoked or not. */
    public Optional<ApiKey> findByHash(String hash) {
        return db.query("key-by-hash", Map.of("hash", hash), ApiKeys::toKey).stream().findFirst();
    }

    /** The keys of an organization. */
    public List<ApiKey> list(String orgId) {
        return db.query("key-list", Map.of("org", orgId), ApiKeys::toKey);
    }

    /** Revokes a key; running servers stop accepting it within a second. */
    public ApiKey revoke(String keyId) {
        db.write(tx -> tx.createNamedUpdate("key-revoke")
                .addParam("id", keyId).addParam("now", clock.millis()).execute());
        return db.query("key-get", Map.of("id", keyId), ApiKeys::toKey).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("API key not found"));
    }

    /** Records a use of the key. */
    public void touch(String keyId, long now) {
        db.write(tx -> tx.createNamedUpdate("key-touch").addParam("id", keyId).addParam("now", now).execute());
    }

    /** The SHA-256 of a secret, hex. */
    static String hash(String secret) {
        return Sha256.hex(secret);
    }



    private String newSecret() {
        char[] chars = new char[SECRET_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = BASE62[random.nextInt(BASE62.length)];
        }
        String secret = KEY_PREFIX + new String(chars);
        Arrays.fill(chars, '\0');
        return secret;
    }

    private static ApiKey toKey(Rows.Columns row) {
        return new ApiKey(
                Rows.string(row, "id"),
                Rows.string(row, "org_id"),
                Rows.string(row, "name"),
                Rows.string(row, "prefix"),
                List.of(Rows.string(row, "scopes").split(" ")),
                Rows.longValue(row, "created_at"),
                Rows.nullableLong(row, "last_used_at"),
                Rows.nullableLong(row, "revoked_at"));
    }
}
