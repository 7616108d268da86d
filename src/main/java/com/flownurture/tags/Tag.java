package com.flownurture.tags;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;

/** A tag definition of an organization. */
public record Tag(String id, String name, long createdAt) {

    /** The public JSON form. */
    public JsonObject toJson() {
        return Json.createObjectBuilder().add("id", id).add("name", name).add("createdAt", Times.format(createdAt))
                .build();
    }
}
