package com.flownurture.orgs;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;

/**
 * A tenant: every contact, tag, workflow, segment, enrollment and key belongs to one.
 *
 * @param webhookSecret the key that signs this organization's webhook calls
 */
public record Organization(String id, String name, String webhookSecret, long createdAt) {

    @Override
    public String toString() {
        // Never print the webhook secret.
        return "Organization[id=" + id + ", name=" + name + "]";
    }

    /** The public form (never the webhook secret). */
    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("id", id)
                .add("name", name)
                .add("createdAt", Times.format(createdAt))
                .build();
    }
}
