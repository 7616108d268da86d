package com.flownurture.enrollments;

import com.flownurture.common.Json;
import com.flownurture.common.Times;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A contact's passage through a workflow.
 *
 * @param triggerEventId the event that started it (an EVENT trigger), or null
 * @param waitingSince   when it reached the WAIT_FOR_EVENT step it waits at, or null
 */
public record Enrollment(String id, String orgId, String workflowId, String contactId, EnrollmentStatus status,
                         int currentStep, Long nextRunAt, int attempts, String lastError, long createdAt,
                         long updatedAt, Long completedAt, String triggerEventId, Long goalReachedAt,
                         Long waitingSince) {

    /** The same enrollment moved to the step at {@code step} (where it waits for nothing yet). */
    public Enrollment at(int step) {
        return new Enrollment(id, orgId, workflowId, contactId, status, step, nextRunAt, attempts, lastError, createdAt,
                updatedAt, completedAt, triggerEventId, goalReachedAt, null);
    }

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
        time(json, "goalReachedAt", goalReachedAt);
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
