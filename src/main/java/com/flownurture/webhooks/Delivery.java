package com.flownurture.webhooks;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * One delivery of one change to one subscription, and how it went. Immutable.
 *
 * @param nextAttemptAt when a PENDING delivery is tried next
 * @param lastStatus    the receiver's last HTTP status, or null when it gave none (refused, timed out)
 */
public record Delivery(String id, String eventType, DeliveryStatus status, int attempts, long nextAttemptAt,
                       Integer lastStatus, String lastError, Long lastAttemptAt, long createdAt, Long deliveredAt) {

    /** The API form. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("eventType", eventType)
                .add("status", status.name()).add("attempts", attempts);
        switch (status) {
            case PENDING -> json.add("nextAttemptAt", Times.format(nextAttemptAt));
            case SENDING, DELIVERED, FAILED -> json.addNull("nextAttemptAt");
        }
        if (lastStatus == null) {
            json.addNull("lastResponseCode");
        } else {
            json.add("lastResponseCode", lastStatus);
        }
        nullable(json, "lastError", lastError);
        time(json, "lastAttemptAt", lastAttemptAt);
        json.add("createdAt", Times.format(createdAt));
        time(json, "deliveredAt", deliveredAt);
        return json.build();
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    private static void time(JsonObjectBuilder json, String name, Long value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, Times.format(value));
        }
    }
}
