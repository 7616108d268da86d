package com.flownurture.segments;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObjectBuilder;

/** A segment: a name and the rules that select its contacts. */
public record Segment(String id, String name, SegmentRules rules, long createdAt, long updatedAt) {

    /** The public form of {@code GET /segments/:id}, open for {@code _count}. */
    public JsonObjectBuilder toJsonBuilder() {
        return Json.createObjectBuilder()
                .add("id", id).add("name", name)
                .add("createdAt", Times.format(createdAt)).add("updatedAt", Times.format(updatedAt))
                .add("groups", rules.toJson());
    }
}
