package com.flownurture.tags;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import com.flownurture.db.Row;
import jakarta.json.JsonObject;

/** A tag definition of an organization. */
public record Tag(String id, String name, long createdAt) {

    /** A row of {@code tags}: its id, name and created_at. */
    public static Tag from(Row row) {
        return new Tag(row.string("id"), row.string("name"), row.longValue("created_at"));
    }

    /** The public JSON form. */
    public JsonObject toJson() {
        return Json.createObjectBuilder().add("id", id).add("name", name).add("createdAt", Times.format(createdAt))
                .build();
    }
}
