package com.flownurture.events;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;

/**
 * Something a contact did, as the client reported it ({@code POST /events}). Immutable.
 *
 * @param properties the client's JSON object (an empty object when none was sent)
 * @param occurredAt when it happened, by the client's account (epoch milliseconds)
 * @param receivedAt when this server stored it
 */
public record Event(String id, String contactId, String name, JsonObject properties, long occurredAt,
                    long receivedAt) {

    /** The API form: {@code {"id","contactId","name","properties","occurredAt","receivedAt"}}. */
    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("id", id).add("contactId", contactId).add("name", name).add("properties", properties)
                .add("occurredAt", Times.format(occurredAt)).add("receivedAt", Times.format(receivedAt))
                .build();
    }
}
