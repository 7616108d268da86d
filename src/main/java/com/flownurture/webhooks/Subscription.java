package com.flownurture.webhooks;

import java.util.List;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A webhook subscription: where an organization's changes of the chosen types are sent, signed with its secret.
 * Immutable.
 *
 * @param events the event types sent ({@link #EVENT_TYPES})
 */
public record Subscription(String id, String url, List<String> events, String description, String secret,
                           long createdAt, long updatedAt) {

    /** Every event type a subscription can choose: the {@code type()} of each kind of change. */
    public static final List<String> EVENT_TYPES = List.of(
            "contact.created", "contact.updated", "contact.deleted", "contact.unsubscribed",
            "contact.consent_confirmed",
            "tag.added", "tag.removed", "event.received",
            "enrollment.created", "enrollment.completed", "enrollment.exited", "enrollment.failed",
            "message.sent", "message.failed", "message.suppressed", "message.bounced", "message.complained");

    /** How much of the secret {@code GET} shows, enough to tell secrets apart. */
    static final int SECRET_PREFIX = 10;

    public Subscription {
        events = List.copyOf(events);
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "Subscription[id=" + id + ", url=" + url + ", events=" + events + "]";
    }

    /** The start of the secret, enough to tell secrets apart: all that reads after its creation show. */
    public String secretPrefix() {
        return secret.substring(0, SECRET_PREFIX);
    }

    /** The API form, with only the secret's prefix. */
    public JsonObject toJson() {
        return fields().add("secretPrefix", secretPrefix()).build();
    }

    /** The API form with the whole secret: only when it is created or rotated. */
    public JsonObject toJsonWithSecret() {
        return fields().add("secret", secret).build();
    }

    private JsonObjectBuilder fields() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("url", url)
                .add("events", Json.createArrayBuilder(events));
        if (description == null) {
            json.addNull("description");
        } else {
            json.add("description", description);
        }
        return json.add("createdAt", Times.format(createdAt)).add("updatedAt", Times.format(updatedAt));
    }
}
