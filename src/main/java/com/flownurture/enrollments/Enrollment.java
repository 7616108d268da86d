package com.flownurture.enrollments;

import com.flownurture.db.Times;
import com.flownurture.common.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** A contact's passage through a workflow. */
public record Enrollment(String id, String orgId, String workflowId, String contactId, EnrollmentStatus status,
                         int currentStep, Long nextRunAt, int attempts, String lastError, long createdAt,
                         long updatedAt, Long completedAt) {

    /** The form of {@code POST /enrollments}, as in the public reference. */
    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("id", id).add("contactId", contactId).add("workflowId", workflowId).add("status", status.name())
                .add("createdAt", Times.format(createdAt))
                .build();
    }

    /** The detailed form: position, timing and outcome, open for the history. */
    public JsonObjectBuilder toDetailedJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", id).add("contactId", contactId).add("workflowId", workflowId).add("status", status.name())
                .add("currentStepOrder", currentStep);
        time(json, "nextRunAt", nextRunAt);
        json.add("createdAt", Times.format(createdAt)).add("updatedAt", Times.format(updatedAt));
        time(json, "completedAt", completedAt);
        if (lastError == null) {
            json.addNull("lastError");
        } else {
            json.add("lastError", lastError);
        }
        return json;
    }

    private static void time(JsonObjectBuilder json, String name, Long value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, Times.format(value));
        }
    }
}
