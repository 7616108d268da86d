package com.flownurture.workflows;

import java.time.Clock;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.stream.Stream;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.JsonFields;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.TargetPolicy;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import jakarta.json.JsonArray;

/** Workflows and their steps. Every statement is filtered by organization. Thread-safe. */
public final class WorkflowRepository {

    private final Database db;
    private final Clock clock;
    private final TargetPolicy targets;
    private final List<WorkflowListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param targets which WEBHOOK step URLs may be saved
     */
    public WorkflowRepository(Database db, Clock clock, TargetPolicy targets) {
        this.db = db;
        this.clock = clock;
        this.targets = targets;
    }

    /** Adds a listener to saves; listeners subscribe while the application is wired. */
    public void subscribe(WorkflowListener listener) {
        listeners.add(listener);
    }

    /** A line of the workflow list. */
    public record Summary(String id, String name, WorkflowStatus status, long createdAt, long steps,
                          long enrollments) {
    }

    /** The organization's workflows with their counts. */
    public List<Summary> list(String orgId) {
        return db.query("workflow-list", Map.of("org", orgId), r -> new Summary(Rows.string(r, "id"),
                Rows.string(r, "name"), WorkflowStatus.valueOf(Rows.string(r, "status")),
                Rows.longValue(r, "created_at"), Rows.longValue(r, "step_count"),
                Rows.longValue(r, "enrollment_count")));
    }

    /** One workflow with its steps, or not found. */
    public Workflow get(String orgId, String id) {
        return db.read(exec -> find(exec, orgId, id)).orElseThrow(WorkflowRepository::notFound);
    }

    /** One workflow with its steps, read through the given executor. */
    public Optional<Workflow> find(DbExecute exec, String orgId, String id) {
        return exec.createNamedGet("workflow-get").addParam("org", orgId).addParam("id", id).execute()
                .map(row -> new Workflow(Rows.string(row, "id"), Rows.string(row, "org_id"),
                        Rows.string(row, "name"), WorkflowStatus.valueOf(Rows.string(row, "status")),
                        Automation.stored(Rows.string(row, "trigger"), Rows.string(row, "reentry"),
                                Rows.string(row, "goals"), Rows.string(row, "exit_on")),
                        new Tracking(Rows.longValue(row, "track_opens") == 1,
                                Rows.longValue(row, "track_clicks") == 1),
                        Rows.longValue(row, "created_at"), Rows.longValue(row, "updated_at"),
                        steps(exec, id)));
    }

    /** The ACTIVE workflows of an organization with a trigger, goals or exits. */
    public List<Workflow> automated(DbExecute exec, String orgId) {
        List<String> ids;
        try (Stream<DbRow> rows = exec.createNamedQuery("workflow-automated").addParam("org", orgId).execute()) {
            ids = rows.map(r -> Rows.string(r, "id")).toList();
        }
        return ids.stream().flatMap(id -> find(exec, orgId, id).stream()).toList();
    }

    /** The organizations with an ACTIVE workflow that has a trigger, goals or exits. */
    public List<String> automatedOrgs() {
        return db.query("workflow-automated-orgs", java.util.Map.of(), r -> Rows.string(r, "org_id"));
    }

    /** What a workflow's trigger, goals and exits name that no longer exists. */
    public List<String> problems(String orgId, Workflow workflow) {
        return db.read(exec -> workflow.automation().problems(tagId -> exists(exec, "tag-get", orgId, tagId),
                segmentId -> exists(exec, "segment-exists", orgId, segmentId)));
    }

    /** Creates a workflow enrolled only by hand, with its steps. */
    public Workflow create(String orgId, String name, WorkflowStatus status, JsonArray stepsJson) {
        return create(orgId, name, status, stepsJson, null);
    }

    /**
     * Creates a workflow with its steps and automation, validated against the organization's tags and segments.
     *
     * @param automation the request's {@code trigger}, {@code reentry}, {@code goals}, {@code exitOn} and
     *                   {@code tracking}, if any
     */
    public Workflow create(String orgId, String name, WorkflowStatus status, JsonArray stepsJson,
                           JsonFields automation) {
        return saving(orgId, () -> db.write(tx -> {
            List<Step> steps = parser(tx, orgId).parse(stepsJson);
            requireStepsIfActive(status, steps);
            Automation parsed = automation(tx, orgId, automation, Automation.MANUAL);
            Tracking tracking = automation == null ? Tracking.OFF : Tracking.parse(automation, Tracking.OFF);
            String id = Ids.newId();
            bind(tx.createNamedInsert("workflow-insert").addParam("id", id).addParam("org", orgId)
                    .addParam("name", name).addParam("status", status.name()).addParam("now", clock.millis()),
                    parsed, tracking).execute();
            insertSteps(tx, id, steps);
            Workflow created = find(tx, orgId, id).orElseThrow();
            listeners.forEach(l -> l.onSaved(tx, null, created));
            return created;
        }));
    }

    /**
     * Renames a workflow, changes its status or its automation; the listeners hear it in the same transaction.
     *
     * @param name       the new name, or null to keep it
     * @param status     the new status, or null to keep it
     * @param automation the request's automation and tracking fields; those left out keep their value
     */
    public Workflow update(String orgId, String id, String name, WorkflowStatus status, JsonFields automation) {
        return saving(orgId, () -> db.write(tx -> {
            Workflow current = find(tx, orgId, id).orElseThrow(WorkflowRepository::notFound);
            WorkflowStatus newStatus = status == null ? current.status() : status;
            requireStepsIfActive(newStatus, current.steps());
            Automation parsed = automation(tx, orgId, automation, current.automation());
            Tracking tracking = automation == null ? current.tracking()
                    : Tracking.parse(automation, current.tracking());
            return save(tx, current, name == null ? current.name() : name, newStatus, parsed, tracking);
        }));
    }

    /** Replaces the step list. Active enrollments continue at the same position of the new list. */
    public Workflow replaceSteps(String orgId, String id, JsonArray stepsJson) {
        return saving(orgId, () -> db.write(tx -> {
            Workflow current = find(tx, orgId, id).orElseThrow(WorkflowRepository::notFound);
            List<Step> steps = parser(tx, orgId).parse(stepsJson);
            requireStepsIfActive(current.status(), steps);
            tx.createNamedDelete("step-delete-all").addParam("workflow", id).execute();
            insertSteps(tx, id, steps);
            return save(tx, current, current.name(), current.status(), current.automation(), current.tracking());
        }));
    }

    private Workflow save(DbExecute tx, Workflow current, String name, WorkflowStatus status, Automation automation,
                          Tracking tracking) {
        bind(tx.createNamedUpdate("workflow-update").addParam("org", current.orgId()).addParam("id", current.id())
                .addParam("name", name).addParam("status", status.name()).addParam("now", clock.millis()),
                automation, tracking).execute();
        Workflow updated = find(tx, current.orgId(), current.id()).orElseThrow();
        listeners.forEach(l -> l.onSaved(tx, current, updated));
        return updated;
    }

    /** Runs a save, then tells the listeners it is over (committed or not). */
    private <T> T saving(String orgId, java.util.function.Supplier<T> save) {
        try {
            return save.get();
        } finally {
            listeners.forEach(l -> l.committed(orgId));
        }
    }

    private Automation automation(DbExecute tx, String orgId, JsonFields body, Automation current) {
        if (body == null || Automation.FIELDS.stream().noneMatch(body::has)) {
            return current;
        }
        return Automation.parse(body, current, tagId -> exists(tx, "tag-get", orgId, tagId),
                segmentId -> exists(tx, "segment-exists", orgId, segmentId));
    }

    private static <T extends io.helidon.dbclient.DbStatement<T>> T bind(T statement, Automation automation,
                                                                          Tracking tracking) {
        return statement.addParam("trackOpens", tracking.opens() ? 1 : 0)
                .addParam("trackClicks", tracking.clicks() ? 1 : 0)
                .addParam("triggerType", automation.trigger().type())
                .addParam("trigger", JsonOutput.text(automation.trigger().toJson()))
                .addParam("reentry", automation.reentry().name())
                .addParam("goals", Automation.text(automation.goals()))
                .addParam("exitOn", Automation.text(automation.exitOn()));
    }

    /** Deletes a workflow that has never had an enrollment; otherwise a conflict (archive it instead). */
    public void delete(String orgId, String id) {
        saving(orgId, () -> db.write(tx -> {
            Workflow workflow = find(tx, orgId, id).orElseThrow(WorkflowRepository::notFound);
            long enrollments = tx.createNamedGet("workflow-enrollment-count").addParam("id", id).execute()
                    .map(r -> Rows.longValue(r, "total")).orElse(0L);
            if (enrollments > 0) {
                throw new ConflictException("Workflow has enrollments; archive it instead");
            }
            long deleted = tx.createNamedDelete("workflow-delete").addParam("org", orgId).addParam("id", id).execute();
            listeners.forEach(l -> l.onSaved(tx, workflow, null));
            return deleted;
        }));
    }

    private StepParser parser(DbExecute tx, String orgId) {
        return new StepParser(
                tagId -> exists(tx, "tag-get", orgId, tagId),
                segmentId -> exists(tx, "segment-exists", orgId, segmentId), targets);
    }

    private static boolean exists(DbExecute tx, String statement, String orgId, String id) {
        return tx.createNamedGet(statement).addParam("org", orgId).addParam("id", id).execute().isPresent();
    }

    private static void requireStepsIfActive(WorkflowStatus status, List<Step> steps) {
        if (status == WorkflowStatus.ACTIVE && steps.isEmpty()) {
            throw new InvalidInputException("An ACTIVE workflow needs at least one step");
        }
    }

    private static void insertSteps(DbExecute tx, String workflowId, List<Step> steps) {
        for (Step step : steps) {
            tx.createNamedInsert("step-insert").addParam("id", step.id()).addParam("workflow", workflowId)
                    .addParam("position", step.order()).addParam("type", step.type().name())
                    .addParam("config", JsonOutput.text(step.fields()))
                    .addParam("segment", step instanceof Step.Condition c ? c.segmentId() : null)
                    .execute();
        }
    }

    /** The steps of a workflow in order. */
    static List<Step> steps(DbExecute exec, String workflowId) {
        try (Stream<DbRow> rows = exec.createNamedQuery("step-list").addParam("workflow", workflowId).execute()) {
            return rows.map(r -> StepParser.stored(Rows.string(r, "id"), Rows.string(r, "type"),
                    (int) Rows.longValue(r, "position"), Rows.string(r, "config"))).toList();
        }
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Workflow not found");
    }
}
