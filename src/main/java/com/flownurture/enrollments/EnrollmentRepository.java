package com.flownurture.enrollments;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
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
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Row;
import com.flownurture.db.SqlErrors;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowListener;
import com.flownurture.workflows.WorkflowRepository;
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
    private final Statement insert;
    private final Statement get;
    private final Statement list;
    private final Statement count;
    private final Statement exit;
    private final Statement exitWorkflow;
    private final Statement activeOfWorkflow;
    private final Statement activeOfContact;
    private final Statement ever;
    private final Statement activeIn;
    private final Statement end;
    private final Statement historyAdd;
    private final Statement historyOfOne;
    private final Statement historyOfMany;
    private final Statement wakeWaiting;
    private final Statement contactLock;

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
        this.insert = db.statement("enrollment-insert");
        this.get = db.statement("enrollment-get");
        this.list = db.statement("enrollment-list");
        this.count = db.statement("enrollment-count");
        this.exit = db.statement("enrollment-exit");
        this.exitWorkflow = db.statement("enrollment-exit-workflow");
        this.activeOfWorkflow = db.statement("enrollment-active-of-workflow");
        this.activeOfContact = db.statement("enrollment-active-of-contact");
        this.ever = db.statement("enrollment-ever");
        this.activeIn = db.statement("enrollment-active-in");
        this.end = db.statement("enrollment-end");
        this.historyAdd = db.statement("enrollment-history-add");
        this.historyOfOne = db.statement("enrollment-history");
        this.historyOfMany = db.statement("enrollment-histories");
        this.wakeWaiting = db.statement("enrollment-wake-waiting");
        this.contactLock = db.statement("enrollment-contact-lock");
    }

    /** A page of enrollments and the total. */
    public record Page(List<Enrollment> enrollments, long total) {
    }

    /** The filters of the enrollment list; each may be null. */
    public record Filter(String workflowId, String contactId, EnrollmentStatus status) {
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
    public Enrollment insert(Tx tx, Workflow workflow, String contactId) {
        return insert(tx, workflow, contactId, null);
    }

    /**
     * Enrolls a contact as {@link #insert(Tx, Workflow, String)} does, remembering the event that triggered it.
     */
    public Enrollment insert(Tx tx, Workflow workflow, String contactId, String triggerEventId) {
        String id = Ids.newId();
        tx.update(insert, Params.of("id", id, "org", workflow.orgId(), "workflow", workflow.id(),
                "contact", contactId, "event", triggerEventId, "step", workflow.steps().getFirst().order(),
                "now", clock.millis()));
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
    public List<Enrollment> activeOf(Reads reads, String contactId) {
        return reads.list(activeOfContact, Params.of("contact", contactId), EnrollmentRepository::toEnrollment);
    }

    /** Whether a contact was ever enrolled in the workflow ({@code active}: is enrolled now). */
    public boolean enrolled(Reads reads, String workflowId, String contactId, boolean active) {
        return reads.exists(active ? activeIn : ever, Params.of("workflow", workflowId, "contact", contactId));
    }

    /**
     * Ends an active enrollment by a workflow's rule, whoever holds its claim, with an entry in its history, and
     * publishes it.
     *
     * @param status {@code COMPLETED} (a goal was reached) or {@code EXITED} (an exit condition happened)
     * @param rule   the history entry's type ({@code GOAL} or {@code EXIT})
     * @param detail what happened, for the history
     */
    public void end(Tx tx, Enrollment e, EnrollmentStatus status, String rule, String detail) {
        long now = clock.millis();
        long ended = tx.update(end, Params.of("id", e.id(), "status", status.name(),
                "goal", status == EnrollmentStatus.COMPLETED ? now : null, "now", now));
        if (ended == 1) {
            tx.update(historyAdd, Params.of("id", Ids.newId(), "enrollment", e.id(), "step", null, "type", rule,
                    "order", e.currentStep(), "outcome", (status == EnrollmentStatus.COMPLETED
                            ? StepOutcome.GOAL_REACHED : StepOutcome.EXITED).name(),
                    "detail", detail, "now", now));
            changes.publish(tx, changed(find(tx, e.orgId(), e.id()).orElseThrow()));
        }
    }

    /**
     * Makes the contact's enrollments waiting for events of this name due now. Holds the contact's lock (see
     * {@link EnrollmentClaims#eventsSince}), so a WAIT_FOR_EVENT step either sees the event or is woken by it.
     */
    public long wakeWaiting(Tx tx, String contactId, String event) {
        tx.lock(contactLock, Params.of("contact", contactId));
        return tx.update(wakeWaiting, Params.of("contact", contactId, "event", event, "now", clock.millis()));
    }

    /** One enrollment, or not found. */
    public Enrollment get(String orgId, String id) {
        return find(db, orgId, id).orElseThrow(EnrollmentRepository::notFound);
    }

    /** One enrollment, read inside or outside a write. */
    public Optional<Enrollment> find(Reads reads, String orgId, String id) {
        return reads.one(get, Params.of("org", orgId, "id", id), EnrollmentRepository::toEnrollment);
    }

    /** A page of enrollments, newest first. */
    public Page list(String orgId, Filter filter, PageRequest paging) {
        Map<String, Object> params = Params.of("org", orgId, "workflow", filter.workflowId(),
                "contact", filter.contactId(), "status",
                filter.status() == null ? null : filter.status().name());
        long total = db.one(count, params, r -> r.longValue("total")).orElseThrow();
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        return new Page(db.list(list, params, EnrollmentRepository::toEnrollment), total);
    }

    /** Ends an active enrollment; one already finished is a conflict. */
    public Enrollment exit(String orgId, String id) {
        return db.write(tx -> {
            Enrollment current = find(tx, orgId, id).orElseThrow(EnrollmentRepository::notFound);
            if (current.status() != EnrollmentStatus.ACTIVE) {
                throw new ConflictException("Enrollment is already " + current.status());
            }
            tx.update(exit, Params.of("org", orgId, "id", id, "now", clock.millis()));
            Enrollment exited = find(tx, orgId, id).orElseThrow();
            changes.publish(tx, changed(exited));
            return exited;
        });
    }

    /** Archiving a workflow ends its active enrollments, in the transaction that archives it. */
    @Override
    public void onSaved(Tx tx, Workflow before, Workflow after) {
        if (before == null || after == null || before.status() == WorkflowStatus.ARCHIVED
                || after.status() != WorkflowStatus.ARCHIVED) {
            return;
        }
        List<String> active = tx.list(activeOfWorkflow, Params.of("id", after.id()), r -> r.string("id"));
        tx.update(exitWorkflow, Params.of("id", after.id(), "now", clock.millis()));
        for (String id : active) {
            changes.publish(tx, changed(find(tx, after.orgId(), id).orElseThrow()));
        }
    }

    /** The executed steps of an enrollment, oldest first. */
    public JsonArray history(String enrollmentId) {
        JsonArrayBuilder history = Json.createArrayBuilder();
        db.list(historyOfOne, Params.of("id", enrollmentId), EnrollmentRepository::historyEntry)
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
            db.list(historyOfMany, Params.of("org", orgId, "ids", ids),
                            r -> Map.entry(r.string("enrollment_id"), historyEntry(r)))
                    .forEach(entry -> byId.get(entry.getKey()).add(entry.getValue()));
        }
        Map<String, JsonArray> histories = new LinkedHashMap<>();
        byId.forEach((id, history) -> histories.put(id, history.build()));
        return histories;
    }

    private static JsonObjectBuilder historyEntry(Row r) {
        String stepId = r.string("step_id");
        JsonObjectBuilder entry = stepId == null ? Json.createObjectBuilder().addNull("stepId")
                : Json.createObjectBuilder().add("stepId", stepId);
        entry.add("type", r.string("step_type"))
                .add("order", r.longValue("step_order"))
                .add("outcome", r.string("outcome"))
                .add("executedAt", Times.format(r.longValue("executed_at")));
        String detail = r.string("detail");
        return detail == null ? entry.addNull("detail") : entry.add("detail", detail);
    }

    /** Maps a row of {@code enrollments}. */
    static Enrollment toEnrollment(Row row) {
        return new Enrollment(row.string("id"), row.string("org_id"), row.string("workflow_id"),
                row.string("contact_id"), EnrollmentStatus.valueOf(row.string("status")),
                (int) row.longValue("current_step"), row.nullableLong("next_run_at"), (int) row.longValue("attempts"),
                row.string("last_error"), row.longValue("created_at"), row.longValue("updated_at"),
                row.nullableLong("completed_at"), row.string("trigger_event_id"),
                row.nullableLong("goal_reached_at"), row.nullableLong("waiting_since"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Enrollment not found");
    }
}
