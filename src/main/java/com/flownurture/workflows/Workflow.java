package com.flownurture.workflows;

import java.util.List;

import com.flownurture.db.Times;
import com.flownurture.common.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/** A workflow with its steps in order. */
public record Workflow(String id, String orgId, String name, WorkflowStatus status, long createdAt, long updatedAt,
                       List<Step> steps) {

    /** The public form of {@code GET /workflows/:id}. */
    public JsonObject toJson() {
        JsonArrayBuilder stepsJson = Json.createArrayBuilder();
        steps.forEach(s -> stepsJson.add(s.toJson()));
        return Json.createObjectBuilder()
                .add("id", id).add("name", name).add("status", status.name())
                .add("createdAt", Times.format(createdAt)).add("updatedAt", Times.format(updatedAt))
                .add("steps", stepsJson)
                .build();
    }
}
