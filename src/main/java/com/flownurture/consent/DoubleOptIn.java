package com.flownurture.consent;

import java.util.Optional;
import java.util.function.Supplier;

import com.flownurture.changes.Change;
import com.flownurture.changes.Changes;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.contacts.PendingContacts;
import com.flownurture.db.Database;
import com.flownurture.db.Tx;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository;
import org.jsoup.nodes.Entities;

/**
 * The double opt-in, the one place of its rule across features: asking makes a contact PENDING ({@code contacts}),
 * logs it and stores a confirmation link ({@code consent}) and queues the confirmation email ({@code messages}), in
 * the caller's transaction; confirming makes the contact CONFIRMED with the time, IP address and user agent, spends
 * its links and publishes {@link Change.ConsentConfirmed} (the {@code CONSENT_CONFIRMED} trigger, and
 * {@code CONTACT_CREATED} for a public form's contact held back until then). Each table is written by its owner.
 * The API and events reach it as {@link PendingContacts}, the form ({@link FormSignups}) and the link
 * ({@link ConsentService}) directly. Thread-safe.
 */
public final class DoubleOptIn implements PendingContacts {

    private final Database db;
    private final ContactRepository contacts;
    private final ConsentRepository consent;
    private final MessageRepository messages;
    private final Changes changes;
    private final Supplier<String> publicUrl;

    /**
     * @param publicUrl the URL recipients reach this server at, known once the server listens
     */
    public DoubleOptIn(Database db, ContactRepository contacts, ConsentRepository consent, MessageRepository messages,
                       Changes changes, Supplier<String> publicUrl) {
        this.db = db;
        this.contacts = contacts;
        this.consent = consent;
        this.messages = messages;
        this.changes = changes;
        this.publicUrl = publicUrl;
    }

    @Override
    public Contact createPending(String orgId, ContactChanges fields, String source) {
        return db.write(tx -> createPending(tx, orgId, fields, source));
    }

    @Override
    public Contact createPending(Tx tx, String orgId, ContactChanges fields, String source) {
        Contact created = contacts.create(tx, orgId, fields);
        ask(tx, created, source);
        return contacts.find(tx, orgId, created.id()).orElseThrow();
    }

    /**
     * Creates a public form's contact PENDING, held back from the workflows until it confirms, and queues its
     * confirmation email, inside {@code tx}.
     */
    Contact createHeldBack(Tx tx, String orgId, ContactChanges fields) {
        Contact created = contacts.create(tx, orgId, fields, true);
        consent.holdCreation(tx, created);
        ask(tx, created, "form");
        return created;
    }

    /** Makes the contact PENDING and queues its confirmation email, inside {@code tx}. */
    void ask(Tx tx, Contact contact, String source) {
        ConsentSettings settings = consent.settings(tx, contact.orgId());
        contacts.askConsent(tx, contact.orgId(), contact.id(), source,
                "Confirm that you want to receive email from " + settings.organization());
        String url = publicUrl.get() + "/c/" + consent.newLink(tx, contact);
        String body = settings.template().replace("{{confirmUrl}}", Entities.escape(url))
                .replace("{{organization}}", Entities.escape(settings.organization()));
        messages.queue(tx, new Message.New(contact.orgId(), contact.id(), null, null, contact.email(), null, null,
                null, settings.subject(), settings.template(), body, null));
    }

    /**
     * Confirms the link's contact: CONFIRMED with the time, IP address and user agent; its links are spent.
     *
     * @return the contact confirmed, or empty for an unknown or spent link
     */
    public Optional<ConsentRepository.Pending> confirm(String token, String ip, String userAgent) {
        return db.write(tx -> consent.pending(tx, token).map(p -> {
            contacts.confirmConsent(tx, p.orgId(), p.contactId(), ip, userAgent);
            consent.spendLinks(tx, p.orgId(), p.contactId());
            boolean held = consent.releaseCreation(tx, p.orgId(), p.contactId());
            changes.publish(tx, new Change.ConsentConfirmed(p.orgId(), p.contactId(), held));
            return p;
        }));
    }
}
