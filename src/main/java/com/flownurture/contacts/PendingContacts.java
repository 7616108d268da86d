package com.flownurture.contacts;

import com.flownurture.db.Tx;

/**
 * Creates contacts that must confirm their consent first: the double opt-in ({@code consent/DoubleOptIn}), a rule
 * over contacts, the consent log and tokens and the outbox. It lives above this package, so the features below it
 * that create such contacts (the API, events) reach it through this.
 */
public interface PendingContacts {

    /**
     * Creates a contact PENDING and queues its confirmation email, in one transaction.
     *
     * @param source how consent was asked for (api, event, form), kept on the contact
     * @return the contact as stored, PENDING
     * @throws com.flownurture.common.ConflictException for an email another contact has
     */
    Contact createPending(String orgId, ContactChanges fields, String source);

    /** Creates a contact PENDING and queues its confirmation email inside the caller's transaction. */
    Contact createPending(Tx tx, String orgId, ContactChanges fields, String source);
}
