package com.flownurture.changes;

import java.util.Set;
import java.util.function.Supplier;

import jakarta.json.JsonObject;

/**
 * Something that happened to one of an organization's contacts, told to the {@link ChangeListener}s inside the
 * transaction that made it, so that whatever they write because of it (an enrollment a trigger starts, a webhook
 * delivery) commits or rolls back with the change itself.
 *
 * <p>{@link #type()} is the event type name webhook subscribers see ({@code contact.created}, ...). Resource
 * snapshots are suppliers: most changes have no listener that needs the JSON, and a listener that does builds it
 * inside the transaction, where it sees the change. Immutable.
 */
public sealed interface Change {

    /** The organization whose data changed. */
    String orgId();

    /** The contact the change is about. */
    String contactId();

    /** The event type name, as webhook subscriptions name it. */
    String type();

    /**
     * A contact was created (API, import, dashboard, an event that upserts its contact, a public form).
     *
     * @param awaitingConsent created PENDING by a public subscription form: it is a contact (webhooks hear of it)
     *                        but no workflow starts for it until it confirms ({@link ConsentConfirmed#completesCreation})
     */
    record ContactCreated(String orgId, String contactId, Supplier<JsonObject> contact, boolean awaitingConsent)
            implements Change {

        /** A contact created by anything but a public form. */
        public ContactCreated(String orgId, String contactId, Supplier<JsonObject> contact) {
            this(orgId, contactId, contact, false);
        }

        @Override
        public String type() {
            return "contact.created";
        }
    }

    /**
     * A contact's fields changed.
     *
     * @param fields the API names of the fields whose value changed ({@code updatedAt} left out); never empty
     */
    record ContactUpdated(String orgId, String contactId, Set<String> fields, Supplier<JsonObject> contact)
            implements Change {
        public ContactUpdated {
            fields = Set.copyOf(fields);
        }

        @Override
        public String type() {
            return "contact.updated";
        }
    }

    /** A contact was erased; the snapshot is what it was just before. */
    record ContactDeleted(String orgId, String contactId, JsonObject contact) implements Change {
        @Override
        public String type() {
            return "contact.deleted";
        }
    }

    /** A contact unsubscribed (link, header, API or dashboard). */
    record ContactUnsubscribed(String orgId, String contactId) implements Change {
        @Override
        public String type() {
            return "contact.unsubscribed";
        }
    }

    /**
     * A contact confirmed its consent by following a double opt-in link.
     *
     * @param completesCreation the contact was created by a public form and held back from the workflows until now
     *                          ({@link ContactCreated#awaitingConsent}): its creation counts from this confirmation
     */
    record ConsentConfirmed(String orgId, String contactId, boolean completesCreation) implements Change {

        /** A confirmation of a contact whose creation the workflows have seen already. */
        public ConsentConfirmed(String orgId, String contactId) {
            this(orgId, contactId, false);
        }

        @Override
        public String type() {
            return "contact.consent_confirmed";
        }
    }

    /** A tag the contact did not have was put on it. */
    record TagAdded(String orgId, String contactId, String tagId) implements Change {
        @Override
        public String type() {
            return "tag.added";
        }
    }

    /** A tag the contact had was taken off it. */
    record TagRemoved(String orgId, String contactId, String tagId) implements Change {
        @Override
        public String type() {
            return "tag.removed";
        }
    }

    /**
     * An event was received for a contact ({@code POST /events}).
     *
     * @param properties the event's properties (an empty object when none)
     */
    record EventReceived(String orgId, String contactId, String eventId, String name, JsonObject properties,
                         Supplier<JsonObject> event) implements Change {
        @Override
        public String type() {
            return "event.received";
        }
    }

    /**
     * An enrollment began, or ended.
     *
     * @param status {@code ACTIVE} for a new enrollment, else how it ended: {@code COMPLETED}, {@code EXITED} or
     *               {@code FAILED}
     */
    record EnrollmentChanged(String orgId, String contactId, String enrollmentId, String workflowId, String status,
                             Supplier<JsonObject> enrollment) implements Change {
        @Override
        public String type() {
            return status.equals("ACTIVE") ? "enrollment.created" : "enrollment." + status.toLowerCase();
        }
    }

    /**
     * A message reached a final delivery state.
     *
     * @param status {@code SENT} or {@code FAILED} (and later delivery outcomes such as {@code BOUNCED})
     */
    record MessageChanged(String orgId, String contactId, String messageId, String status,
                          Supplier<JsonObject> message) implements Change {
        @Override
        public String type() {
            return "message." + status.toLowerCase();
        }
    }
}
