package com.flownurture.enrollments;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;
import java.util.Optional;

import com.flownurture.changes.Change;
import com.flownurture.changes.Changes;
import com.flownurture.common.ConflictException;
import com.flownurture.common.Ids;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.common.Signal;
import com.flownurture.common.Times;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.db.SqlErrors;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowListener;
import com.flownurture.workflows.WorkflowRepository;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import com.flownurture.workflows.WorkflowStatus;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * Enrollments of contacts in workflows, as the API sees them; the engine's claims are {@link EnrollmentClaims}.
 * The enrollments table is written only through these two. Every statement is filtered by organization.
 * Publishes an {@link Change.EnrollmentChanged} for each enrollment made or ended. Thread-safe.
 */
public final class EnrollmentRepository implements WorkflowListener {

    private final Database db;
    private final Clock clock;
    private final Changes changes;
    private final ContactRepository contacts;
    private final WorkflowRepository workflows;
    private final Signal engine;

    /**
     * @param engine woken after each enrollment, so its first step starts at once
     */
    public EnrollmentRepository(Database db, Clock clock, Changes changes, ContactRepository contacts,
                                WorkflowRepository workflows, Signal engine) {
        this.db = db;
        this.clock = clock;
        this.changes = changes;
        this.contacts = contacts;
        this.workflows = workflows;
        this.engine = engine;
    }

    /** A page of enrollments and the total. */
    public record Page(List<Enrollment> enrollments, long total) {
    }

    /** The filters of the enrollment list; each may be null. */
    public record Filter(String workflowId, String contactId, String status) {
    }

    /**
     * Enrolls a contact in an ACTIVE workflow with steps; its first step is due at once.
     *
     * @throws NotFoundException     for an unknown contact or workflow
     * @throws InvalidInputException for a workflow that is not ACTIVE or has no steps
     * @throws ConflictException     when the contact is already ACTIVE in the workflow
     */
    public Enrollment enroll(String orgId, String contactId, String workflowId) {
        Enrollment enrollment = db.write(tx -> {
            contacts.find(tx, orgId, contactId).orElseThrow(() -> new NotFoundException("Contact not found"));
            Workflow workflow = workflows.find(tx, orgId, workflowId)
                    .orElseThrow(() -> new NotFoundException("Workflow not found"));
            if (workflow.status() != WorkflowStatus.ACTIVE) {
                throw new InvalidInputException("Workflow must have status ACTIVE");
            }
            if (workflow.steps().isEmpty()) {
                throw new InvalidInputException("Workflow must have at least one step");
            }
            try {
                return insert(tx, workflow, contactId, null);
            } catch (RuntimeException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new ConflictException("Contact is already actively enrolled in this workflow");
                }
                throw e;
            }
        });
        engine.wake();
        return enrollment;
    }

    /**
     * Enrolls a contact in an ACTIVE workflow with steps inside the caller's transaction, and publishes it; the
     * caller checked the workflow and wakes the engine after the commit.
     *
     * @throws RuntimeException a unique violation when the contact is already ACTIVE in the workflow
     */
    public Enrollment insert(DbExecute tx, Workflow workflow, String contactId) {
        return insert(tx, workflow, contactId, null);
    }

    /**
     * Enrolls a contact as {@link #insert(DbExecute, Workflow, String)} does, remembering the event that triggered
     * it.
     */
    public Enrollment insert(DbExecute tx, Workflow workflow, String contactId, String triggerEventId) {
        String id = Ids.newId();
        tx.createNamedInsert("enrollment-insert").addParam("id", id).addParam("org", workflow.orgId())
                .addParam("workflow", workflow.id()).addParam("contact", contactId).addParam("event", triggerEventId)
                .addParam("step", workflow.steps().getFirst().order()).addParam("now", clock.millis())
                .execute();
        Enrollment enrollment = find(tx, workflow.orgId(), id).orElseThrow();
        changes.publish(tx, changed(enrollment));
        return enrollment;
    }

    /** The change an enrollment in its current state makes known. */
    static Change.EnrollmentChanged changed(Enrollment e) {
        return new Change.EnrollmentChanged(e.orgId(), e.contactId(), e.id(), e.workflowId(), e.status().name(),
                () -> e.toDetailedJson().build());
    }

    /** A contact's active enrollments. */
    public List<Enrollment> activeOf(DbExecute exec, String contactId) {
        try (Stream<DbRow> rows = exec.createNamedQuery("enrollment-active-of-contact").addParam("contact", contactId)
                .execute()) {
            return rows.map(Rows::of).map(EnrollmentRepository::toEnrollment).toList();
        }
    }

    /** Whether a contact was ever enrolled in the workflow ({@code active}: is enrolled now). */
    public boolean enrolled(DbExecute exec, String workflowId, String contactId, boolean active) {
        return exec.createNamedGet(active ? "enrollment-active-in" : "enrollment-ever").addParam("workflow", workflowId)
                .addParam("contact", contactId).execute().isPresent();
    }

    /**
     * Ends an active enrollment by a workflow's rule, whoever holds its claim, with an entry in its history, and
     * publishes it.
     *
     * @param status {@code COMPLETED} (a goal was reached) or {@code EXITED} (an exit condition happened)
     * @param rule   the history entry's type ({@code GOAL} or {@code EXIT})
     * @param detail what happened, for the history
     */
    public void end(DbExecute tx, Enrollment e, EnrollmentStatus status, String rule, String detail) {
        long now = clock.millis();
        long ended = tx.createNamedUpdate("enrollment-end").addParam("id", e.id()).addParam("status", status.name())
                .addParam("goal", status == EnrollmentStatus.COMPLETED ? now : null).addParam("now", now).execute();
        if (ended == 1) {
            tx.createNamedInsert("enrollment-history-add").addParam("id", Ids.newId()).addParam("enrollment", e.id())
                    .addParam("step", (Object) null).addParam("type", rule).addParam("order", e.currentStep())
                    .addParam("outcome", (status == EnrollmentStatus.COMPLETED ? StepOutcome.GOAL_REACHED
                            : StepOutcome.EXITED).name())
                    .addParam("detail", detail).addParam("now", now).execute();
            changes.publish(tx, changed(find(tx, e.orgId(), e.id()).orElseThrow()));
        }
    }

    /**
     * Makes the contact's enrollments waiting for events of this name due now. Holds the contact's lock (see
     * {@link EnrollmentClaims#eventsSince}), so a WAIT_FOR_EVENT step either sees the event or is woken by it.
     */
    public long wakeWaiting(DbExecute tx, String contactId, String event) {
        db.lock(tx, "enrollment-contact-lock", Map.of("contact", contactId));
        // Runs for every event stored, most often changing nothing: the JDBC form skips the DbClient's parameter
        // parsing, as for the other per-row writes.
        return db.execute(tx, "enrollment-wake-waiting", Map.of("contact", contactId, "event", event,
                "now", clock.millis()));
    }

    /** One enrollment, or not found. */
    public Enrollment get(String orgId, String id) {
        return db.read(exec -> find(exec, orgId, id)).orElseThrow(EnrollmentRepository::notFound);
    }

    /** One enrollment through the given executor. */
    public Optional<Enrollment> find(DbExecute exec, String orgId, String id) {
        return exec.createNamedGet("enrollment-get").addParam("org", orgId).addParam("id", id).execute()
                .map(Rows::of).map(EnrollmentRepository::toEnrollment);
    }

    /** A page of enrollments, newest first. */
    public Page list(String orgId, Filter filter, PageRequest paging) {
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        params.put("workflow", filter.workflowId());
        params.put("contact", filter.contactId());
        params.put("status", filter.status());
        long total = db.query("enrollment-count", params, r -> Rows.longValue(r, "total")).getFirst();
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        return new Page(db.query("enrollment-list", params, EnrollmentRepository::toEnrollment), total);
    }

    /** Ends an active enrollment; one already finished is a conflict. */
    public Enrollment exit(String orgId, String id) {
        return db.write(tx -> {
            Enrollment current = find(tx, orgId, id).orElseThrow(EnrollmentRepository::notFound);
            if (current.status() != EnrollmentStatus.ACTIVE) {
                throw new ConflictException("Enrollment is already " + current.status());
            }
            tx.createNamedUpdate("enrollment-exit").addParam("org", orgId).addParam("id", id)
                    .addParam("now", clock.millis()).execute();
            Enrollment exited = find(tx, orgId, id).orElseThrow();
            changes.publish(tx, changed(exited));
            return exited;
        });
    }

    /** Archiving a workflow ends its active enrollments, in the transaction that archives it. */
    @Override
    public void onSaved(DbExecute tx, Workflow before, Workflow after) {
        if (before == null || after == null || before.status() == WorkflowStatus.ARCHIVED
                || after.status() != WorkflowStatus.ARCHIVED) {
            return;
        }
        List<String> active;
        try (Stream<DbRow> rows = tx.createNamedQuery("enrollment-active-of-workflow").addParam("id", after.id())
                .execute()) {
            active = rows.map(r -> Rows.string(r, "id")).toList();
        }
        tx.createNamedUpdate("enrollment-exit-workflow").addParam("id", after.id()).addParam("now", clock.millis())
                .execute();
        for (String id : active) {
            changes.publish(tx, changed(find(tx, after.orgId(), id).orElseThrow()));
        }
    }

    /** The executed steps of an enrollment, oldest first. */
    public JsonArray history(String enrollmentId) {
        JsonArrayBuilder history = Json.createArrayBuilder();
        db.query("enrollment-history", Map.of("id", enrollmentId), EnrollmentRepository::historyEntry)
                .forEach(history::add);
        return history.build();
    }

    /**
     * The executed steps of each of an organization's enrollments, oldest first, by enrollment id (an enrollment
     * with none, or of another organization, has an empty array): a page of enrollments' histories in one read.
     */
    public Map<String, JsonArray> histories(String orgId, List<String> enrollmentIds) {
        Map<String, JsonArrayBuilder> byId = new LinkedHashMap<>();
        enrollmentIds.forEach(id -> byId.put(id, Json.createArrayBuilder()));
        if (!enrollmentIds.isEmpty()) {
            String ids = JsonOutput.text(Json.createArrayBuilder(enrollmentIds).build());
            db.query("enrollment-histories", Map.of("org", orgId, "ids", ids),
                            r -> Map.entry(Rows.string(r, "enrollment_id"), historyEntry(r)))
                    .forEach(entry -> byId.get(entry.getKey()).add(entry.getValue()));
        }
        Map<String, JsonArray> histories = new LinkedHashMap<>();
        byId.forEach((id, history) -> histories.put(id, history.build()));
        return histories;
    }

    private static JsonObjectBuilder historyEntry(Rows.Columns r) {
        String stepId = Rows.string(r, "step_id");
        JsonObjectBuilder entry = stepId == null ? Json.createObjectBuilder().addNull("stepId")
                : Json.createObjectBuilder().add("stepId", stepId);
        entry.add("type", Rows.string(r, "step_type"))
                .add("order", Rows.longValue(r, "step_order"))
                .add("outcome", Rows.string(r, "outcome"))
                .add("executedAt", Times.format(Rows.longValue(r, "executed_at")));
        String detail = Rows.string(r, "detail");
        return detail == null ? entry.addNull("detail") : entry.add("detail", detail);
    }

    /** Maps a row of {@code enrollments}. */
    public static Enrollment toEnrollment(Rows.Columns row) {
        return new Enrollment(Rows.string(row, "id"), Rows.string(row, "org_id"), Rows.string(row, "workflow_id"),
                Rows.string(row, "contact_id"), EnrollmentStatus.valueOf(Rows.string(row, "status")),
                (int) Rows.longValue(row, "current_step"),
                Rows.nullableLong(row, "next_run_at"), (int) Rows.longValue(row, "attempts"),
                Rows.string(row, "last_error"),
                Rows.longValue(row, "created_at"), Rows.longValue(row, "updated_at"),
                Rows.nullableLong(row, "completed_at"), Rows.string(row, "trigger_event_id"),
                Rows.nullableLong(row, "goal_reached_at"), Rows.nullableLong(row, "waiting_since"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Enrollment not found");
    }
}
