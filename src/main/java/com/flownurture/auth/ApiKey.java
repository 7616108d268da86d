package com.flownurture.auth;

import java.util.List;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** A stored API key, as listed: never its secret. */
public record ApiKey(String id, String orgId, String name, String prefix, List<String> scopes, long createdAt,
                     Long lastUsedAt, Long revokedAt) {

    /** Whether the key still works. */
    public boolean active() {
        return revokedAt == null;
    }

    /** The listing form. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", id)
                .add("orgId", orgId)
                .add("name", name)
                .add("prefix", prefix)
                .add("scopes", Json.createArrayBuilder(scopes))
                .add("createdAt", Times.format(createdAt));
        addTime(json, "lastUsedAt", lastUsedAt);
        addTime(json, "revokedAt", revokedAt);
        return json.build();
    }

    private static void addTime(JsonObjectBuilder json, String name, Long value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, Times.format(value));
        }
    }
}
