package com.flownurture.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.Sha256;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;

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
    private final Statement orgExists;
    private final Statement insert;
    private final Statement byHash;
    private final Statement list;
    private final Statement revoke;
    private final Statement get;
    private final Statement touch;

    public ApiKeys(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.orgExists = db.statement("key-org-exists");
        this.insert = db.statement("key-insert");
        this.byHash = db.statement("key-by-hash");
        this.list = db.statement("key-list");
        this.revoke = db.statement("key-revoke");
        this.get = db.statement("key-get");
        this.touch = db.statement("key-touch");
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
        if (!db.exists(orgExists, Params.of("id", orgId))) {
            throw new NotFoundException("Organization not found");
        }
        String secret = newSecret();
        String id = Ids.newId();
        long now = clock.millis();
        List<String> distinct = scopes.stream().distinct().toList();
        db.write(tx -> tx.update(insert, Params.of("id", id, "org", orgId, "name", name, "hash", hash(secret),
                "prefix", secret.substring(0, 10), "scopes", String.join(" ", distinct), "now", now)));
        return new CreatedKey(new ApiKey(id, orgId, name, secret.substring(0, 10), distinct, now, null, null), secret);
    }

    /** The key whose secret has this hash, revoked or not. */
    public Optional<ApiKey> findByHash(String hash) {
        return db.one(byHash, Params.of("hash", hash), ApiKeys::toKey);
    }

    /** The keys of an organization. */
    public List<ApiKey> list(String orgId) {
        return db.list(list, Params.of("org", orgId), ApiKeys::toKey);
    }

    /** Revokes a key; running servers stop accepting it within a second. */
    public ApiKey revoke(String keyId) {
        db.write(tx -> tx.update(revoke, Params.of("id", keyId, "now", clock.millis())));
        return db.one(get, Params.of("id", keyId), ApiKeys::toKey)
                .orElseThrow(() -> new NotFoundException("API key not found"));
    }

    /** Records a use of the key. */
    public void touch(String keyId, long now) {
        db.write(tx -> tx.update(touch, Params.of("id", keyId, "now", now)));
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

    private static ApiKey toKey(Row row) {
        return new ApiKey(
                row.string("id"),
                row.string("org_id"),
                row.string("name"),
                row.string("prefix"),
                List.of(row.string("scopes").split(" ")),
                row.longValue("created_at"),
                row.nullableLong("last_used_at"),
                row.nullableLong("revoked_at"));
    }
}
