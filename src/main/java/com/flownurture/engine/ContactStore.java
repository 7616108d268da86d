package com.flownurture.engine;

import java.util.Optional;

import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import io.helidon.dbclient.DbExecute;

/**
 * What the engine's steps read and change of a contact: its fields, tags and segment membership, and its
 * organization's webhook secret. Writes publish their changes like any other write. Implemented over the
 * repositories in {@code app/App}; thread-safe.
 */
public interface ContactStore {

    /** The contact, if it still exists. */
    Optional<Contact> find(DbExecute exec, String orgId, String contactId);

    /**
     * Applies changes to the contact.
     *
     * @throws com.flownurture.common.ConflictException for a taken email
     */
    void update(DbExecute tx, String orgId, String contactId, ContactChanges changes);

    /** Puts a tag on the contact; false when the tag no longer exists. */
    boolean addTag(DbExecute tx, String orgId, String contactId, String tagId);

    /** Takes a tag off the contact; false when the tag no longer exists. */
    boolean removeTag(DbExecute tx, String orgId, String contactId, String tagId);

    /** Whether the contact is in the segment now; false when the segment no longer exists. */
    boolean inSegment(DbExecute exec, String orgId, String contactId, String segmentId);

    /** The key the organization's webhook calls are signed with. */
    String webhookSecret(String orgId);
}
