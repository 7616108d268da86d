package com.flownurture.consent;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import com.flownurture.common.Sha256;
import com.flownurture.contacts.Consent;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;

/**
 * What a subscription form post does to the database. A new address becomes a PENDING contact held back from the
 * workflows until it confirms, and is sent the confirmation email; a known, unconfirmed one is sent it again; a
 * CONFIRMED one, nothing. At most {@code perAddressPerDay} confirmation emails go to one mailbox a day, however its
 * address is written ({@link #mailbox}): a post beyond that changes nothing, not even a new contact.
 *
 * <p>The caller answers every post alike whichever of these happened, so the form never tells who subscribed.
 * Thread-safe.
 */
public final class FormSignups {

    private static final Duration WINDOW = Duration.ofDays(1);
    /** Providers that ignore dots in the local part ({@code j.o.e@gmail.com} is {@code joe@gmail.com}). */
    private static final String GMAIL = "gmail.com";

    private final Database db;
    private final Clock clock;
    private final ContactRepository contacts;
    private final DoubleOptIn doubleOptIn;
    private final int perAddressPerDay;
    private final Statement addressLock;
    private final Statement prune;
    private final Statement since;
    private final Statement insert;

    public FormSignups(Database db, Clock clock, ContactRepository contacts, DoubleOptIn doubleOptIn,
                       int perAddressPerDay) {
        this.db = db;
        this.clock = clock;
        this.contacts = contacts;
        this.doubleOptIn = doubleOptIn;
        this.perAddressPerDay = perAddressPerDay;
        this.addressLock = db.statement("form-address-lock");
        this.prune = db.statement("form-requests-prune");
        this.since = db.statement("form-requests-since");
        this.insert = db.statement("form-request-insert");
    }

    /** Subscribes an address through the organization's form, as described above. */
    public void subscribe(String orgId, ContactChanges fields) {
        String hash = Sha256.hex(mailbox(fields.email()));
        db.write(tx -> {
            tx.lock(addressLock, Params.of("org", orgId, "hash", hash));
            Optional<Contact> existing = contacts.findByEmail(tx, orgId, fields.email());
            if (existing.isPresent() && existing.get().consent().status() == Consent.Status.CONFIRMED) {
                return null;
            }
            long now = clock.millis();
            tx.update(prune, Params.of("org", orgId, "before", now - WINDOW.toMillis()));
            long sent = tx.one(since, Params.of("org", orgId, "hash", hash, "since", now - WINDOW.toMillis()),
                    r -> r.longValue("total")).orElse(0L);
            if (sent >= perAddressPerDay) {
                return null;
            }
            if (existing.isPresent()) {
                doubleOptIn.ask(tx, existing.get(), "form");
            } else {
                doubleOptIn.createHeldBack(tx, orgId, fields);
            }
            tx.update(insert, Params.of("org", orgId, "hash", hash, "now", now));
            return null;
        });
    }

    /**
     * The mailbox an address reaches, as far as it is known without asking its provider: lower-cased, without a
     * {@code +tag} (sub-addressing, which most providers deliver to the same mailbox), and for Gmail (and its
     * {@code googlemail.com} alias) without dots in the local part, which Gmail ignores. Dots elsewhere stay: most
     * providers treat {@code j.doe} and {@code jdoe} as two people. A rule that merges two real mailboxes only
     * makes them share one cap.
     */
    static String mailbox(String email) {
        String address = email.strip().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        String local = unquoted(at < 0 ? address : address.substring(0, at));
        // A trailing dot names the same domain (the root's label); mail to it goes to the same mailbox.
        String domain = at < 0 ? "" : address.substring(at + 1).replaceAll("\\.+$", "");
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        if (domain.equals("googlemail.com")) {
            domain = GMAIL;
        }
        if (domain.equals(GMAIL)) {
            local = local.replace(".", "");
        }
        return local + "@" + domain;
    }

    /**
     * A quoted local part without its quotes and escapes: {@code "a\\nn"} is the mailbox {@code ann} (RFC 5321
     * 4.1.2), so quoting cannot make a new one for each way of writing it.
     */
    private static String unquoted(String local) {
        if (local.length() < 2 || !local.startsWith("\"") || !local.endsWith("\"")) {
            return local;
        }
        StringBuilder plain = new StringBuilder();
        String inner = local.substring(1, local.length() - 1);
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                c = inner.charAt(++i);
            }
            plain.append(c);
        }
        return plain.toString();
    }

}
