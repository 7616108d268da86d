package com.flownurture.consent;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.flownurture.changes.Change;
import com.flownurture.changes.Changes;
import com.flownurture.common.EmailHtml;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.Sha256;
import com.flownurture.contacts.Consent;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.db.Tx;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository;
import io.helidon.dbclient.DbExecute;
import org.jsoup.nodes.Entities;

/**
 * Double opt-in and the consent log. Asking for consent makes a contact PENDING and queues a confirmation email in
 * the outbox whose link ({@code /c/{token}}) carries 192 random bits; only the token's SHA-256 is stored. Confirming
 * records the time, IP address and user agent, spends the contact's links and publishes
 * {@link Change.ConsentConfirmed} (the {@code CONSENT_CONFIRMED} trigger, and {@code CONTACT_CREATED} for a
 * public form's contact held back until then). Every change is logged. Thread-safe.
 */
public final class ConsentRepository implements ContactRepository.ConsentRequests {

    /** The confirmation email when the organization set none; {@code {{confirmUrl}}} is the link. */
    static final String DEFAULT_SUBJECT = "Please confirm your subscription";
    static final String DEFAULT_TEMPLATE = "<p>Hello,</p><p>please confirm that you want to receive email from "
            + "{{organization}}:</p><p><a href=\"{{confirmUrl}}\">Yes, subscribe me</a></p>"
            + "<p>If you did not ask for this, ignore this email: you will not hear from us again.</p>";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;
    private final Changes changes;
    private final MessageRepository messages;
    private final Supplier<String> publicUrl;

    /**
     * @param publicUrl the URL recipients reach this server at, known once the server listens
     */
    public ConsentRepository(Database db, Clock clock, Changes changes, MessageRepository messages,
                             Supplier<String> publicUrl) {
        this.db = db;
        this.clock = clock;
        this.changes = changes;
        this.messages = messages;
        this.publicUrl = publicUrl;
    }

    /** A confirmation link's contact. */
    public record Pending(String orgId, String contactId, String email, Consent.Status status) {
    }

    /** One consent change as logged. */
    public record Entry(Consent.Status status, String source, String ip, String userAgent, long createdAt) {
    }

    /** Makes the contact PENDING and queues its confirmation email, inside {@code tx}. */
    @Override
    public void request(DbExecute tx, Contact contact, String source) {
        ConsentSettings settings = settings(tx, contact.orgId());
        String text = "Confirm that you want to receive email from " + settings.organization();
        long now = clock.millis();
        tx.createNamedUpdate("consent-set").params(consent(contact.orgId(), contact.id(), Consent.Status.PENDING,
                source, null, null, null, text, now)).execute();
        ContactRepository.logConsent(tx, contact.orgId(), contact.id(), Consent.Status.PENDING, source, null, null,
                now);
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        tx.createNamedInsert("consent-token-insert").addParam("hash", Sha256.hex(token)).addParam("org", contact.orgId())
                .addParam("contact", contact.id()).addParam("now", now).execute();
        String url = publicUrl.get() + "/c/" + token;
        String body = settings.template().replace("{{confirmUrl}}", Entities.escape(url))
                .replace("{{organization}}", Entities.escape(settings.organization()));
        messages.queue((Tx) tx, new Message.New(contact.orgId(), contact.id(), null, null, contact.email(), null, null,
                null, settings.subject(), settings.template(), body, null));
    }

    /** The contact a link is for, if the link is known. */
    public Optional<Pending> pending(String token) {
        return db.read(exec -> pending(exec, token));
    }

    /**
     * Confirms the link's contact: CONFIRMED with the time, IP address and user agent; its links are spent.
     *
     * @return the contact confirmed, or empty for an unknown or spent link
     */
    public Optional<Pending> confirm(String token, String ip, String userAgent) {
        return db.write(tx -> pending(tx, token).map(p -> {
            long now = clock.millis();
            tx.createNamedUpdate("consent-set").params(consent(p.orgId(), p.contactId(), Consent.Status.CONFIRMED,
                    null, now, ip, userAgent, null, now)).execute();
            ContactRepository.logConsent(tx, p.orgId(), p.contactId(), Consent.Status.CONFIRMED, "confirmation link",
                    ip, userAgent, now);
            tx.createNamedDelete("consent-token-delete").addParam("org", p.orgId())
                    .addParam("contact", p.contactId()).execute();
            boolean held = tx.createNamedDelete("consent-held-creation-delete").addParam("org", p.orgId())
                    .addParam("contact", p.contactId()).execute() > 0;
            changes.publish(tx, new Change.ConsentConfirmed(p.orgId(), p.contactId(), held));
            return p;
        }));
    }

    /** A contact's consent changes, oldest first; an unknown contact (or another organization's) is a 404. */
    public List<Entry> log(String orgId, String contactId) {
        return db.read(exec -> {
            if (exec.createNamedGet("contact-get").addParam("org", orgId).addParam("id", contactId).execute()
                    .isEmpty()) {
                throw new NotFoundException("Contact not found");
            }
            try (var rows = exec.createNamedQuery("consent-log-list").addParam("org", orgId)
                    .addParam("contact", contactId).execute()) {
                return rows.map(r -> new Entry(Consent.Status.valueOf(Rows.string(r, "status")),
                        Rows.string(r, "source"), Rows.string(r, "ip"), Rows.string(r, "user_agent"),
                        Rows.longValue(r, "created_at"))).toList();
            }
        });
    }

    /** An organization's consent settings. */
    public ConsentSettings settings(String orgId) {
        return db.read(exec -> settings(exec, orgId));
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
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        params.put("requireConsent", requireConsent == null ? null : requireConsent ? 1 : 0);
        params.put("subject", subject);
        params.put("template", safe);
        return db.write(tx -> {
            tx.createNamedUpdate("consent-settings-update").params(params).execute();
            tx.createNamedUpdate("consent-form-token-set").addParam("org", orgId).addParam("token", newFormToken())
                    .execute();
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
            tx.createNamedUpdate("consent-form-token-rotate").addParam("org", orgId)
                    .addParam("token", newFormToken()).execute();
            return settings(tx, orgId);
        });
    }

    /** The organization a subscription form token belongs to. */
    public Optional<String> formOrganization(String token) {
        if (token == null || !token.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return db.read(exec -> exec.createNamedGet("consent-form-org").addParam("token", token).execute()
                .map(r -> Rows.string(r, "id")));
    }

    /**
     * Holds a public form's new contact back from the workflows until it confirms: {@link #confirm} then publishes
     * its {@link Change.ConsentConfirmed} as completing its creation, which starts its CONTACT_CREATED workflows.
     */
    void holdCreation(DbExecute tx, Contact contact) {
        tx.createNamedInsert("consent-held-creation-insert").addParam("contact", contact.id())
                .addParam("org", contact.orgId()).addParam("now", clock.millis()).execute();
    }

    /** An organization's consent settings, the defaults filled in. */
    public ConsentSettings settings(DbExecute exec, String orgId) {
        return exec.createNamedGet("consent-settings").addParam("org", orgId).execute()
                .map(r -> new ConsentSettings(Rows.longValue(r, "require_consent") == 1,
                        orDefault(Rows.string(r, "consent_subject"), DEFAULT_SUBJECT),
                        orDefault(Rows.string(r, "consent_template"), DEFAULT_TEMPLATE),
                        Rows.string(r, "form_token"), Rows.string(r, "name")))
                .orElseThrow(() -> new NotFoundException("Organization not found"));
    }

    /** 128 random bits, in hex: a form token. */
    private static String newFormToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Optional<Pending> pending(DbExecute exec, String token) {
        if (token == null || !token.matches("[0-9a-f]{48}")) {
            return Optional.empty();
        }
        return exec.createNamedGet("consent-token-get").addParam("hash", Sha256.hex(token)).execute()
                .map(r -> new Pending(Rows.string(r, "org_id"), Rows.string(r, "contact_id"),
                        Rows.string(r, "email"), Consent.Status.valueOf(Rows.string(r, "consent_status"))));
    }

    private static Map<String, Object> consent(String orgId, String contactId, Consent.Status status, String source,
                                               Long confirmedAt, String ip, String userAgent, String text,
                                               long now) {
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        params.put("id", contactId);
        params.put("status", status.name());
        params.put("source", source);
        params.put("confirmedAt", confirmedAt);
        params.put("ip", ip);
        params.put("userAgent", userAgent);
        params.put("text", text);
        params.put("now", now);
        return params;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

}
