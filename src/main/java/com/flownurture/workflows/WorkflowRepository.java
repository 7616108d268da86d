package com.flownurture.workflows;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.JsonFields;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.TargetPolicy;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.tags.TagRepository;
import jakarta.json.JsonArray;

/** Workflows and their steps. Every statement is filtered by organization. Thread-safe. */
public final class WorkflowRepository {

    private final Database db;
    private final Clock clock;
    private final TagRepository tags;
    private final TargetPolicy targets;
    private final List<WorkflowListener> listeners = new CopyOnWriteArrayList<>();
    private final Statement insert;
    private final Statement get;
    private final Statement update;
    private final Statement delete;
    private final Statement list;
    private final Statement enrollmentCount;
    private final Statement stepInsert;
    private final Statement stepList;
    private final Statement stepDeleteAll;
    private final Statement segmentExists;
    private final Statement automated;
    private final Statement automatedOrgs;

    /**
     * @param tags    the organization's tags, which steps and automation name
     * @param targets which WEBHOOK step URLs may be saved
     */
    public WorkflowRepository(Database db, Clock clock, TagRepository tags, TargetPolicy targets) {
        this.db = db;
        this.clock = clock;
        this.tags = tags;
        this.targets = targets;
        this.insert = db.statement("workflow-insert");
        this.get = db.statement("workflow-get");
        this.update = db.statement("workflow-update");
        this.delete = db.statement("workflow-delete");
        this.list = db.statement("workflow-list");
        this.enrollmentCount = db.statement("workflow-enrollment-count");
        this.stepInsert = db.statement("step-insert");
        this.stepList = db.statement("step-list");
        this.stepDeleteAll = db.statement("step-delete-all");
        this.segmentExists = db.statement("segment-exists");
        this.automated = db.statement("workflow-automated");
        this.automatedOrgs = db.statement("workflow-automated-orgs");
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
        return db.list(list, Params.of("org", orgId), r -> new Summary(r.string("id"), r.string("name"),
                WorkflowStatus.valueOf(r.string("status")), r.longValue("created_at"), r.longValue("step_count"),
                r.longValue("enrollment_count")));
    }

    /** One workflow with its steps, or not found. */
    public Workflow get(String orgId, String id) {
        return db.read(reads -> find(reads, orgId, id)).orElseThrow(WorkflowRepository::notFound);
    }

    /** One workflow with its steps, read inside or outside a write. */
    public Optional<Workflow> find(Reads reads, String orgId, String id) {
        return reads.one(get, Params.of("org", orgId, "id", id),
                row -> new Workflow(row.string("id"), row.string("org_id"), row.string("name"),
                        WorkflowStatus.valueOf(row.string("status")),
                        Automation.stored(row.string("trigger"), row.string("reentry"), row.string("goals"),
                                row.string("exit_on")),
                        new Tracking(row.longValue("track_opens") == 1, row.longValue("track_clicks") == 1),
                        row.longValue("created_at"), row.longValue("updated_at"), null))
                .map(workflow -> workflow.withSteps(steps(reads, id)));
    }

    /** The ACTIVE workflows of an organization with a trigger, goals or exits. */
    public List<Workflow> automated(Reads reads, String orgId) {
        List<String> ids = reads.list(automated, Params.of("org", orgId), r -> r.string("id"));
        return ids.stream().flatMap(id -> find(reads, orgId, id).stream()).toList();
    }

    /** The organizations with an ACTIVE workflow that has a trigger, goals or exits. */
    public List<String> automatedOrgs() {
        return db.list(automatedOrgs, Params.of(), r -> r.string("org_id"));
    }

    /** What a workflow's trigger, goals and exits name that no longer exists. */
    public List<String> problems(String orgId, Workflow workflow) {
        return db.read(reads -> workflow.automation().problems(tagId -> tags.find(reads, orgId, tagId).isPresent(),
                segmentId -> reads.exists(segmentExists, Params.of("org", orgId, "id", segmentId))));
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
            tx.update(insert, params(parsed, tracking, "id", id, "org", orgId, "name", name,
                    "status", status.name(), "now", clock.millis()));
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
            tx.update(stepDeleteAll, Params.of("workflow", id));
            insertSteps(tx, id, steps);
            return save(tx, current, current.name(), current.status(), current.automation(), current.tracking());
        }));
    }

    /**
     * Saves a whole workflow at once, as the dashboard's editor does: its name, steps, automation and tracking,
     * checked by the same rules as {@link #replaceSteps} and {@link #update}, in one transaction (all or nothing).
     * When the steps are the ones it has, they keep their ids, so their history and email counts stay theirs.
     *
     * @param automation the automation and tracking fields, as in {@link #update}
     */
    public Workflow replace(String orgId, String id, String name, JsonArray stepsJson, JsonFields automation) {
        return saving(orgId, () -> db.write(tx -> {
            Workflow current = find(tx, orgId, id).orElseThrow(WorkflowRepository::notFound);
            List<Step> steps = parser(tx, orgId).parse(stepsJson);
            requireStepsIfActive(current.status(), steps);
            Automation parsed = automation(tx, orgId, automation, current.automation());
            Tracking tracking = Tracking.parse(automation, current.tracking());
            if (!sameSteps(steps, current.steps())) {
                tx.update(stepDeleteAll, Params.of("workflow", id));
                insertSteps(tx, id, steps);
            }
            return save(tx, current, name, current.status(), parsed, tracking);
        }));
    }

    /** Whether two step lists have the same types, orders and fields. */
    private static boolean sameSteps(List<Step> a, List<Step> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Step x = a.get(i);
            Step y = b.get(i);
            if (x.type() != y.type() || x.order() != y.order() || !x.fields().equals(y.fields())) {
                return false;
            }
        }
        return true;
    }

    private Workflow save(Tx tx, Workflow current, String name, WorkflowStatus status, Automation automation,
                          Tracking tracking) {
        tx.update(update, params(automation, tracking, "org", current.orgId(), "id", current.id(), "name", name,
                "status", status.name(), "now", clock.millis()));
        Workflow updated = find(tx, current.orgId(), current.id()).orElseThrow();
        listeners.forEach(l -> l.onSaved(tx, current, updated));
        return updated;
    }

    /** Runs a save, then tells the listeners it is over (committed or not). */
    private <T> T saving(String orgId, Supplier<T> save) {
        try {
            return save.get();
        } finally {
            listeners.forEach(l -> l.committed(orgId));
        }
    }

    private Automation automation(Tx tx, String orgId, JsonFields body, Automation current) {
        if (body == null || Automation.FIELDS.stream().noneMatch(body::has)) {
            return current;
        }
        return Automation.parse(body, current, tagId -> tags.find(tx, orgId, tagId).isPresent(),
                segmentId -> tx.exists(segmentExists, Params.of("org", orgId, "id", segmentId)));
    }

    /** The parameters of workflow-insert and workflow-update: the given pairs, the automation and the tracking. */
    private static Map<String, Object> params(Automation automation, Tracking tracking, Object... namesAndValues) {
        Map<String, Object> params = Params.of(namesAndValues);
        params.put("trackOpens", tracking.opens() ? 1 : 0);
        params.put("trackClicks", tracking.clicks() ? 1 : 0);
        params.put("triggerType", automation.trigger().type());
        params.put("trigger", JsonOutput.text(automation.trigger().toJson()));
        params.put("reentry", automation.reentry().name());
        params.put("goals", Automation.text(automation.goals()));
        params.put("exitOn", Automation.text(automation.exitOn()));
        return params;
    }

    /** Deletes a workflow that has never had an enrollment; otherwise a conflict (archive it instead). */
    public void delete(String orgId, String id) {
        saving(orgId, () -> db.write(tx -> {
            Workflow workflow = find(tx, orgId, id).orElseThrow(WorkflowRepository::notFound);
            long enrollments = tx.one(enrollmentCount, Params.of("id", id), r -> r.longValue("total")).orElse(0L);
            if (enrollments > 0) {
                throw new ConflictException("Workflow has enrollments; archive it instead");
            }
            long deleted = tx.update(delete, Params.of("org", orgId, "id", id));
            listeners.forEach(l -> l.onSaved(tx, workflow, null));
            return deleted;
        }));
    }

    private StepParser parser(Tx tx, String orgId) {
        return new StepParser(
                tagId -> tags.find(tx, orgId, tagId).isPresent(),
                segmentId -> tx.exists(segmentExists, Params.of("org", orgId, "id", segmentId)), targets);
    }

    private static void requireStepsIfActive(WorkflowStatus status, List<Step> steps) {
        if (status == WorkflowStatus.ACTIVE && steps.isEmpty()) {
            throw new InvalidInputException("An ACTIVE workflow needs at least one step");
        }
    }

    private void insertSteps(Tx tx, String workflowId, List<Step> steps) {
        for (Step step : steps) {
            tx.update(stepInsert, Params.of("id", step.id(), "workflow", workflowId, "position", step.order(),
                    "type", step.type().name(), "config", JsonOutput.text(step.fields()),
                    "segment", step instanceof Step.Condition c ? c.segmentId() : null));
        }
    }

    /** The steps of a workflow in order. */
    private List<Step> steps(Reads reads, String workflowId) {
        return reads.list(stepList, Params.of("workflow", workflowId), r -> StepParser.stored(r.string("id"),
                r.string("type"), (int) r.longValue("position"), r.string("config")));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Workflow not found");
    }
}
