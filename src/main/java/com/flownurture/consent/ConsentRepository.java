package com.flownurture.consent;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.flownurture.common.EmailHtml;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.Sha256;
import com.flownurture.contacts.Consent;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.orgs.Organizations;

/**
 * The consent feature's tables: the consent log (written through {@link ConsentLogWriter}), the double opt-in links
 * ({@code /c/{token}}, 192 random bits of which only the SHA-256 is stored), the form contacts held back from the
 * workflows until they confirm; and an organization's consent settings and form token, read here and written by
 * {@link Organizations}. The double opt-in itself, which changes contacts too, is {@link DoubleOptIn}. Thread-safe.
 */
public final class ConsentRepository {

    /** The confirmation email when the organization set none; {@code {{confirmUrl}}} is the link. */
    static final String DEFAULT_SUBJECT = "Please confirm your subscription";
    static final String DEFAULT_TEMPLATE = "<p>Hello,</p><p>please confirm that you want to receive email from "
            + "{{organization}}:</p><p><a href=\"{{confirmUrl}}\">Yes, subscribe me</a></p>"
            + "<p>If you did not ask for this, ignore this email: you will not hear from us again.</p>";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;
    private final Organizations orgs;
    private final ContactRepository contacts;
    private final Supplier<String> publicUrl;
    private final Statement logList;
    private final Statement tokenInsert;
    private final Statement tokenGet;
    private final Statement tokenDelete;
    private final Statement settingsGet;
    private final Statement formOrg;
    private final Statement heldCreationInsert;
    private final Statement heldCreationDelete;

    /**
     * @param publicUrl the URL recipients reach this server at, known once the server listens
     */
    public ConsentRepository(Database db, Clock clock, Organizations orgs, ContactRepository contacts,
                             Supplier<String> publicUrl) {
        this.db = db;
        this.clock = clock;
        this.orgs = orgs;
        this.contacts = contacts;
        this.publicUrl = publicUrl;
        this.logList = db.statement("consent-log-list");
        this.tokenInsert = db.statement("consent-token-insert");
        this.tokenGet = db.statement("consent-token-get");
        this.tokenDelete = db.statement("consent-token-delete");
        this.settingsGet = db.statement("consent-settings");
        this.formOrg = db.statement("consent-form-org");
        this.heldCreationInsert = db.statement("consent-held-creation-insert");
        this.heldCreationDelete = db.statement("consent-held-creation-delete");
    }

    /** A confirmation link's contact. */
    public record Pending(String orgId, String contactId, String email, Consent.Status status) {
    }

    /** One consent change as logged. */
    public record Entry(Consent.Status status, String source, String ip, String userAgent, long createdAt) {
    }

    /** The contact a link is for, if the link is known. */
    public Optional<Pending> pending(String token) {
        return pending(db, token);
    }

    /** The contact a link is for, if the link is known. */
    Optional<Pending> pending(Reads reads, String token) {
        if (token == null || !token.matches("[0-9a-f]{48}")) {
            return Optional.empty();
        }
        return reads.one(tokenGet, Params.of("hash", Sha256.hex(token)),
                r -> new Pending(r.string("org_id"), r.string("contact_id"), r.string("email"),
                        Consent.Status.valueOf(r.string("consent_status"))));
    }

    /** Makes a new confirmation link for the contact inside {@code tx}, storing its hash; returns its token. */
    String newLink(Tx tx, Contact contact) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        tx.update(tokenInsert, Params.of("hash", Sha256.hex(token), "org", contact.orgId(), "contact", contact.id(),
                "now", clock.millis()));
        return token;
    }

    /** Spends every link of a contact inside {@code tx}, once it confirmed. */
    void spendLinks(Tx tx, String orgId, String contactId) {
        tx.update(tokenDelete, Params.of("org", orgId, "contact", contactId));
    }

    /**
     * Holds a public form's new contact back from the workflows until it confirms: {@link DoubleOptIn#confirm} then
     * publishes its confirmation as completing its creation, which starts its CONTACT_CREATED workflows.
     */
    void holdCreation(Tx tx, Contact contact) {
        tx.update(heldCreationInsert, Params.of("contact", contact.id(), "org", contact.orgId(),
                "now", clock.millis()));
    }

    /** Releases a confirming contact's held creation inside {@code tx}; whether it was held. */
    boolean releaseCreation(Tx tx, String orgId, String contactId) {
        return tx.update(heldCreationDelete, Params.of("org", orgId, "contact", contactId)) > 0;
    }

    /** A contact's consent changes, oldest first; an unknown contact (or another organization's) is a 404. */
    public List<Entry> log(String orgId, String contactId) {
        return db.read(reads -> {
            if (contacts.find(reads, orgId, contactId).isEmpty()) {
                throw new NotFoundException("Contact not found");
            }
            return reads.list(logList, Params.of("org", orgId, "contact", contactId),
                    r -> new Entry(Consent.Status.valueOf(r.string("status")), r.string("source"), r.string("ip"),
                            r.string("user_agent"), r.longValue("created_at")));
        });
    }

    /** An organization's consent settings. */
    public ConsentSettings settings(String orgId) {
        return settings(db, orgId);
    }

    /**
     * Changes an organization's consent settings, and gives it a form token if it has none; a null leaves a
     * setting as it is. The template is stored sanitized, as a SEND_EMAIL body is.
     *
     * @throws InvalidInputException for a subject over one line or {@value ConsentSettings#MAX_SUBJECT}
     *                               characters, or a template without {@code {{confirmUrl}}}
     * @throws NotFoundException     for an unknown organization
     */
    public ConsentSettings updateSettings(String orgId, Boolean requireConsent, String subject, String template) {
        Optional<String> problem = Optional.ofNullable(subject).flatMap(ConsentSettings::subjectProblem)
                .or(() -> Optional.ofNullable(template).flatMap(ConsentSettings::templateProblem));
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
        String safe = template == null ? null : EmailHtml.sanitize(template);
        return db.write(tx -> {
            orgs.updateConsentSettings(tx, orgId, requireConsent, subject, safe);
            orgs.giveFormToken(tx, orgId, newFormToken());
            return settings(tx, orgId);
        });
    }

    /** Where a website's subscription form posts: {@code /f/{token}} on the server's public URL. */
    public String formUrl(String token) {
        return publicUrl.get() + "/f/" + token;
    }

    /** Gives the organization a new subscription form token: forms posting the old one get a 404 from now on. */
    public ConsentSettings rotateFormToken(String orgId) {
        return db.write(tx -> {
            orgs.replaceFormToken(tx, orgId, newFormToken());
            return settings(tx, orgId);
        });
    }

    /** The organization a subscription form token belongs to. */
    public Optional<String> formOrganization(String token) {
        if (token == null || !token.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return db.one(formOrg, Params.of("token", token), r -> r.string("id"));
    }

    /** An organization's consent settings, the defaults filled in. */
    public ConsentSettings settings(Reads reads, String orgId) {
        return reads.one(settingsGet, Params.of("org", orgId),
                        r -> new ConsentSettings(r.longValue("require_consent") == 1,
                                orDefault(r.string("consent_subject"), DEFAULT_SUBJECT),
                                orDefault(r.string("consent_template"), DEFAULT_TEMPLATE),
                                r.string("form_token"), r.string("name")))
                .orElseThrow(() -> new NotFoundException("Organization not found"));
    }

    /** 128 random bits, in hex: a form token. */
    private static String newFormToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
