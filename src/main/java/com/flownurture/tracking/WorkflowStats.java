package com.flownurture.tracking;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.flownurture.common.Json;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import io.helidon.dbclient.DbRow;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * The per-step delivery and engagement counts of a workflow's emails: sent, suppressed, failed, opened and clicked
 * by a person (each message at most once), and the opens and clicks flagged as a machine's (each event). Only the
 * workflow's current SEND_EMAIL steps are listed. Thread-safe.
 */
public final class WorkflowStats {

    private final Database db;

    public WorkflowStats(Database db) {
        this.db = db;
    }

    /** One step's counts, all zero until its first message. */
    private record Counts(long sent, long suppressed, long failed, long opened, long clicked, long machineOpens,
                          long machineClicks) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

        Counts withMachine(String type, long total) {
            return type.equals("OPENED")
                    ? new Counts(sent, suppressed, failed, opened, clicked, total, machineClicks)
                    : new Counts(sent, suppressed, failed, opened, clicked, machineOpens, total);
        }
    }

    /** {@code {"workflowId", "tracking", "steps": [{"stepId", "order", "subject", "sent", ...}]}} */
    public JsonObject of(Workflow workflow) {
        Map<String, Counts> counts = db.read(exec -> {
            Map<String, Counts> byStep = new HashMap<>();
            try (Stream<DbRow> rows = exec.createNamedQuery("tracking-step-counts")
                    .addParam("org", workflow.orgId()).addParam("workflow", workflow.id()).execute()) {
                rows.forEach(r -> byStep.put(Rows.string(r, "step_id"), new Counts(Rows.longValue(r, "sent"),
                        Rows.longValue(r, "suppressed"), Rows.longValue(r, "failed"), Rows.longValue(r, "opened"),
                        Rows.longValue(r, "clicked"), 0, 0)));
            }
            try (Stream<DbRow> rows = exec.createNamedQuery("tracking-step-machine")
                    .addParam("org", workflow.orgId()).addParam("workflow", workflow.id()).execute()) {
                rows.forEach(r -> byStep.compute(Rows.string(r, "step_id"), (step, c) -> (c == null ? Counts.NONE : c)
                        .withMachine(Rows.string(r, "type"), Rows.longValue(r, "total"))));
            }
            return byStep;
        });
        JsonArrayBuilder steps = Json.createArrayBuilder();
        for (Step step : workflow.steps()) {
            if (step instanceof Step.SendEmail email) {
                Counts c = counts.getOrDefault(email.id(), Counts.NONE);
                steps.add(Json.createObjectBuilder().add("stepId", email.id()).add("order", email.order())
                        .add("subject", email.subject()).add("sent", c.sent()).add("suppressed", c.suppressed())
                        .add("failed", c.failed()).add("opened", c.opened()).add("clicked", c.clicked())
                        .add("machineOpens", c.machineOpens()).add("machineClicks", c.machineClicks()));
            }
        }
        return Json.createObjectBuilder().add("workflowId", workflow.id()).add("tracking", workflow.tracking().toJson())
                .add("steps", steps).build();
    }
}
