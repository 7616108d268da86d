package com.flownurture.workflows;

import java.util.List;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** A workflow with its steps in order, and what of its emails is tracked. */
public record Workflow(String id, String orgId, String name, WorkflowStatus status, Automation automation,
                       Tracking tracking, long createdAt, long updatedAt, List<Step> steps) {

    /** This workflow with these steps (its row and its steps are read one after the other). */
    Workflow withSteps(List<Step> steps) {
        return new Workflow(id, orgId, name, status, automation, tracking, createdAt, updatedAt, steps);
    }

    /** The public form of {@code GET /workflows/:id}, with what its automation names that no longer exists. */
    public JsonObject toJson(List<String> problems) {
        JsonArrayBuilder stepsJson = Json.createArrayBuilder();
        steps.forEach(s -> stepsJson.add(s.toJson()));
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", id).add("name", name).add("status", status.name());
        automation.addTo(json);
        json.add("tracking", tracking.toJson());
        json.add("problems", Json.createArrayBuilder(problems));
        return json.add("createdAt", Times.format(createdAt)).add("updatedAt", Times.format(updatedAt))
                .add("steps", stepsJson)
                .build();
    }
}
