package com.flownurture.orgs;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Row;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.secrets.SecretBox;
import com.flownurture.secrets.StoredSecret;

/**
 * Organizations, managed from the command line; their webhook and bounce secrets sealed at rest. The one writer of
 * {@code organizations}: the consent settings and the form token are changed here, for {@code consent}. Thread-safe.
 */
public final class Organizations {

    private final Database db;
    private final Clock clock;
    private final SecretBox secrets;
    private final SecureRandom random = new SecureRandom();
    private final Statement insert;
    private final Statement get;
    private final Statement all;
    private final Statement any;
    private final Statement bounceSecretGet;
    private final Statement bounceSecretSet;
    private final Statement consentSettingsUpdate;
    private final Statement formTokenSet;
    private final Statement formTokenRotate;

    public Organizations(Database db, Clock clock, SecretBox secrets) {
        this.db = db;
        this.clock = clock;
        this.secrets = secrets;
        this.insert = db.statement("org-insert");
        this.get = db.statement("org-get");
        this.all = db.statement("org-list");
        this.any = db.statement("org-any");
        this.bounceSecretGet = db.statement("org-bounce-secret-get");
        this.bounceSecretSet = db.statement("org-bounce-secret-set");
        this.consentSettingsUpdate = db.statement("org-consent-settings-update");
        this.formTokenSet = db.statement("org-form-token-set");
        this.formTokenRotate = db.statement("org-form-token-rotate");
    }

    /** Creates an organization with a fresh webhook secret and a fresh bounce secret. */
    public Organization create(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 255) {
            throw new InvalidInputException("name must be 1 to 255 characters");
        }
        Organization org = new Organization(Ids.newId(), trimmed, newSecret(), clock.millis());
        db.write(tx -> {
            tx.update(insert, Params.of("id", org.id(), "name", org.name(),
                    "secret", secrets.seal(StoredSecret.ORGANIZATION_WEBHOOK_SECRET, org.id(), org.webhookSecret()),
                    "now", org.createdAt()));
            return writeBounceSecret(tx, org.id());
        });
        return org;
    }

    /**
     * The secret that signs the organization's inbound generic bounce posts; empty for no such organization. Kept
     * apart from the webhook secret, which every receiver of our outgoing webhooks knows. The one place it is read.
     */
    public Optional<String> bounceSecret(String orgId) {
        // The mapper gives an Optional: a row's null secret must not be the read's own result.
        return db.one(bounceSecretGet, Params.of("id", orgId), row -> Optional.ofNullable(row.string("bounce_secret")))
                .flatMap(sealed -> sealed)
                .map(sealed -> secrets.open(StoredSecret.ORGANIZATION_BOUNCE_SECRET, orgId, sealed));
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
    private Optional<String> writeBounceSecret(Tx tx, String orgId) {
        String secret = newSecret();
        long changed = tx.update(bounceSecretSet, Params.of("id", orgId,
                "secret", secrets.seal(StoredSecret.ORGANIZATION_BOUNCE_SECRET, orgId, secret)));
        return changed == 0 ? Optional.empty() : Optional.of(secret);
    }

    /** 256 random bits, in hex. */
    private String newSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /**
     * Changes the organization's consent settings inside {@code tx} (for {@code consent}, which checks them); a null
     * leaves a setting as it is.
     */
    public void updateConsentSettings(Tx tx, String orgId, Boolean requireConsent, String subject, String template) {
        tx.update(consentSettingsUpdate, Params.of("org", orgId,
                "requireConsent", requireConsent == null ? null : requireConsent ? 1 : 0,
                "subject", subject, "template", template));
    }

    /** Gives the organization this subscription form token inside {@code tx}, if it has none yet. */
    public void giveFormToken(Tx tx, String orgId, String token) {
        tx.update(formTokenSet, Params.of("org", orgId, "token", token));
    }

    /** Replaces the organization's subscription form token inside {@code tx}. */
    public void replaceFormToken(Tx tx, String orgId, String token) {
        tx.update(formTokenRotate, Params.of("org", orgId, "token", token));
    }

    /** One organization. */
    public Optional<Organization> find(String id) {
        return db.one(get, Params.of("id", id), this::toOrg);
    }

    /** All organizations, oldest first. */
    public List<Organization> list() {
        return db.list(all, Params.of(), this::toOrg);
    }

    /** Whether the database holds no organization yet (a first start). */
    public boolean isEmpty() {
        return !db.exists(any, Params.of());
    }

    private Organization toOrg(Row row) {
        String id = row.string("id");
        return new Organization(id, row.string("name"),
                secrets.open(StoredSecret.ORGANIZATION_WEBHOOK_SECRET, id, row.string("webhook_secret")),
                row.longValue("created_at"));
    }
}
