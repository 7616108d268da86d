package com.flownurture.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.common.Json;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Statement;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * The per-step delivery and engagement counts of a workflow's emails: sent, suppressed, failed, opened and clicked
 * by a person (each message at most once), and the opens and clicks flagged as a machine's (each event). Only the
 * workflow's current SEND_EMAIL steps are listed. Thread-safe.
 */
public final class WorkflowStats {

    private final Database db;
    private final Statement stepCounts;
    private final Statement stepMachine;

    public WorkflowStats(Database db) {
        this.db = db;
        this.stepCounts = db.statement("tracking-step-counts");
        this.stepMachine = db.statement("tracking-step-machine");
    }

    /** One step's counts, all zero until its first message. */
    public record Counts(long sent, long suppressed, long failed, long opened, long clicked, long machineOpens,
                         long machineClicks) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

        Counts withMachine(TrackingEvent type, long total) {
            return switch (type) {
                case OPENED -> new Counts(sent, suppressed, failed, opened, clicked, total, machineClicks);
                case CLICKED -> new Counts(sent, suppressed, failed, opened, clicked, machineOpens, total);
            };
        }
    }

    /** A row of tracking-step-counts. */
    private record StepCounts(String stepId, Counts counts) {
    }

    /** A row of tracking-step-machine: a step's opens or clicks flagged as a machine's. */
    private record StepMachine(String stepId, TrackingEvent type, long total) {
    }

    /** An email step with its counts. */
    public record EmailStep(Step.SendEmail step, Counts counts) {
    }

    /** {@code {"workflowId", "tracking", "steps": [{"stepId", "order", "subject", "sent", ...}]}} */
    public JsonObject of(Workflow workflow) {
        JsonArrayBuilder steps = Json.createArrayBuilder();
        for (EmailStep s : steps(workflow)) {
            Step.SendEmail email = s.step();
            Counts c = s.counts();
            steps.add(Json.createObjectBuilder().add("stepId", email.id()).add("order", email.order())
                    .add("subject", email.subject()).add("sent", c.sent()).add("suppressed", c.suppressed())
                    .add("failed", c.failed()).add("opened", c.opened()).add("clicked", c.clicked())
                    .add("machineOpens", c.machineOpens()).add("machineClicks", c.machineClicks()));
        }
        return Json.createObjectBuilder().add("workflowId", workflow.id()).add("tracking", workflow.tracking().toJson())
                .add("steps", steps).build();
    }

    /** The workflow's SEND_EMAIL steps in order, each with its counts. */
    public List<EmailStep> steps(Workflow workflow) {
        Map<String, Object> params = Params.of("org", workflow.orgId(), "workflow", workflow.id());
        Map<String, Counts> counts = db.read(reads -> {
            Map<String, Counts> byStep = new HashMap<>();
            reads.list(stepCounts, params, r -> new StepCounts(r.string("step_id"), new Counts(r.longValue("sent"),
                    r.longValue("suppressed"), r.longValue("failed"), r.longValue("opened"), r.longValue("clicked"),
                    0, 0))).forEach(step -> byStep.put(step.stepId(), step.counts()));
            reads.list(stepMachine, params, r -> new StepMachine(r.string("step_id"), TrackingEvent.valueOf(r.string("type")),
                    r.longValue("total"))).forEach(m -> byStep.compute(m.stepId(),
                    (step, c) -> (c == null ? Counts.NONE : c).withMachine(m.type(), m.total())));
            return byStep;
        });
        List<EmailStep> steps = new ArrayList<>();
        for (Step step : workflow.steps()) {
            if (step instanceof Step.SendEmail email) {
                steps.add(new EmailStep(email, counts.getOrDefault(email.id(), Counts.NONE)));
            }
        }
        return steps;
    }
}
