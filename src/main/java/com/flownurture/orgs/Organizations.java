package com.flownurture.orgs;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.InvalidInputException;
import com.flownurture.db.Database;
import com.flownurture.db.Ids;
import com.flownurture.db.Rows;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;

/** Organizations, managed from the command line; their webhook secrets sealed at rest. Thread-safe. */
public final class Organizations {

    private final Database db;
    private final Clock clock;
    private final SecretBox secrets;
    private final SecureRandom random = new SecureRandom();

    public Organizations(Database db, Clock clock, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.secrets = secrets;
    }

    /** Creates an organization with a fresh webhook secret. */
    public Organization create(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 255) {
            throw new InvalidInputException("name must be 1 to 255 characters");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Organization org = new Organization(Ids.newId(), trimmed, HexFormat.of().formatHex(secret), clock.millis());
        db.write(tx -> tx.createNamedInsert("org-insert")
                .addParam("id", org.id()).addParam("name", org.name())
                .addParam("secret", secrets.seal(StoredSecret.ORGANIZATION_WEBHOOK_SECRET, org.id(),
                        org.webhookSecret()))
                .addParam("now", org.createdAt())
                .execute());
        return org;
    }

    /** One organization. */
    public Optional<Organization> find(String id) {
        return db.query("org-get", Map.of("id", id), this::toOrg).stream().findFirst();
    }

    /** All organizations, oldest first. */
    public List<Organization> list() {
        return db.query("org-list", Map.of(), this::toOrg);
    }

    /** Whether the database holds no organization yet (a first start). */
    public boolean isEmpty() {
        return db.query("org-any", Map.of(), row -> true).isEmpty();
    }

    private Organization toOrg(Rows.Columns row) {
        String id = Rows.string(row, "id");
        return new Organization(id, Rows.string(row, "name"),
                secrets.open(StoredSecret.ORGANIZATION_WEBHOOK_SECRET, id, Rows.string(row, "webhook_secret")),
                Rows.longValue(row, "created_at"));
    }
}
