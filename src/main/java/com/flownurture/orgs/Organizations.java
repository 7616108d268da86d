package com.flownurture.orgs;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;
import io.helidon.dbclient.DbExecute;

/** Organizations, managed from the command line; their webhook and bounce secrets sealed at rest. Thread-safe. */
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

    /** Creates an organization with a fresh webhook secret and a fresh bounce secret. */
    public Organization create(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 255) {
            throw new InvalidInputException("name must be 1 to 255 characters");
        }
        Organization org = new Organization(Ids.newId(), trimmed, newSecret(), clock.millis());
        db.write(tx -> {
            tx.createNamedInsert("org-insert")
                    .addParam("id", org.id()).addParam("name", org.name())
                    .addParam("secret", secrets.seal(StoredSecret.ORGANIZATION_WEBHOOK_SECRET, org.id(),
                            org.webhookSecret()))
                    .addParam("now", org.createdAt())
                    .execute();
            return writeBounceSecret(tx, org.id());
        });
        return org;
    }

    /**
     * The secret that signs the organization's inbound generic bounce posts; empty for no such organization. Kept
     * apart from the webhook secret, which every receiver of our outgoing webhooks knows. The one place it is read.
     */
    public Optional<String> bounceSecret(String orgId) {
        return db.query("org-bounce-secret-get", Map.of("id", orgId), row -> Rows.string(row, "bounce_secret"))
                .stream().filter(java.util.Objects::nonNull)
                .map(sealed -> secrets.open(StoredSecret.ORGANIZATION_BOUNCE_SECRET, orgId, sealed)).findFirst();
    }

    /**
     * Gives the organization a new bounce secret; posts signed with the old one are refused from now on.
     *
     * @return the new secret (shown once by the CLI and the API)
     * @throws NotFoundException when there is no such organization
     */
    public String rotateBounceSecret(String orgId) {
        return db.write(tx -> writeBounceSecret(tx, orgId))
                .orElseThrow(() -> new NotFoundException("Organization not found"));
    }

    /** Stores a fresh bounce secret, the one place it is written; empty when there is no such organization. */
    private Optional<String> writeBounceSecret(DbExecute tx, String orgId) {
        String secret = newSecret();
        long changed = tx.createNamedUpdate("org-bounce-secret-set").addParam("id", orgId)
                .addParam("secret", secrets.seal(StoredSecret.ORGANIZATION_BOUNCE_SECRET, orgId, secret)).execute();
        return changed == 0 ? Optional.empty() : Optional.of(secret);
    }

    /** 256 random bits, in hex. */
    private String newSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
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
