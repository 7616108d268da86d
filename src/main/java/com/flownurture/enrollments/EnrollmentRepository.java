package com.flownurture.enrollments;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.flownurture.common.PageRequest;
import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Ids;
import com.flownurture.db.Rows;
import com.flownurture.db.SqlErrors;
import com.flownurture.db.Times;
import com.flownurture.engine.Signal;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowRepository;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import com.flownurture.common.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/** Enrollments of contacts in workflows. Every statement is filtered by organization. Thread-safe. */
public final class EnrollmentRepository {

    private final Database db;
    private final Clock clock;
    private final ContactRepository contacts;
    private final WorkflowRepository workflows;
    private final Signal engine;

    /**
     * @param engine woken after each enrollment, so its first step starts at once
     */
    public EnrollmentRepository(Database db, Clock clock, ContactRepository contacts, WorkflowRepository workflows,
                                Signal engine) {
        this.db = db;
        this.clock = clock;
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
            if (!workflow.status().equals("ACTIVE")) {
                throw new InvalidInputException("Workflow must have status ACTIVE");
            }
            if (workflow.steps().isEmpty()) {
                throw new InvalidInputException("Workflow must have at least one step");
            }
            String id = Ids.newId();
            try {
                tx.createNamedInsert("enrollment-insert").addParam("id", id).addParam("org", orgId)
                        .addParam("workflow", workflowId).addParam("contact", contactId)
                        .addParam("step", workflow.steps().getFirst().order()).addParam("now", clock.millis())
                        .execute();
            } catch (RuntimeException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new ConflictException("Contact is already actively enrolled in this workflow");
                }
                throw e;
            }
            return find(tx, orgId, id).orElseThrow();
        });
        engine.wake();
        return enrollment;
    }

    /** One enrollment, or not found. */
    public Enrollment get(String orgId, String id) {
        return find(db.read(), orgId, id).orElseThrow(EnrollmentRepository::notFound);
    }

    /** One enrollment through the given executor. */
    public Optional<Enrollment> find(DbExecute exec, String orgId, String id) {
        return exec.createNamedGet("enrollment-get").addParam("org", orgId).addParam("id", id).execute()
                .map(EnrollmentRepository::toEnrollment);
    }

    /** A page of enrollments, newest first. */
    public Page list(String orgId, Filter filter, PageRequest paging) {
        try (Stream<DbRow> rows = db.read().createNamedQuery("enrollment-list").addParam("org", orgId)
                .addParam("workflow", filter.workflowId()).addParam("contact", filter.contactId())
                .addParam("status", filter.status())
                .addParam("limit", paging.limit()).addParam("offset", paging.offset()).execute()) {
            List<Enrollment> page = rows.map(EnrollmentRepository::toEnrollment).toList();
            long total = db.read().createNamedGet("enrollment-count").addParam("org", orgId)
                    .addParam("workflow", filter.workflowId()).addParam("contact", filter.contactId())
                    .addParam("status", filter.status()).execute()
                    .map(r -> Rows.longValue(r, "total")).orElse(0L);
            return new Page(page, total);
        }
    }

    /** Ends an active enrollment; one already finished is a conflict. */
    public Enrollment exit(String orgId, String id) {
        return db.write(tx -> {
            Enrollment current = find(tx, orgId, id).orElseThrow(EnrollmentRepository::notFound);
            if (!current.status().equals("ACTIVE")) {
                throw new ConflictException("Enrollment is already " + current.status());
            }
            tx.createNamedUpdate("enrollment-exit").addParam("org", orgId).addParam("id", id)
                    .addParam("now", clock.millis()).execute();
            return find(tx, orgId, id).orElseThrow();
        });
    }

    /** The executed steps of an enrollment, oldest first. */
    public JsonArray history(String enrollmentId) {
        JsonArrayBuilder history = Json.createArrayBuilder();
        try (Stream<DbRow> rows = db.read().namedQuery("enrollment-history", enrollmentId)) {
            rows.forEach(r -> {
                JsonObjectBuilder entry = Json.createObjectBuilder()
                        .add("stepId", String.valueOf(Rows.string(r, "step_id")))
                        .add("type", Rows.string(r, "step_type"))
                        .add("order", Rows.longValue(r, "step_order"))
                        .add("outcome", Rows.string(r, "outcome"))
                        .add("executedAt", Times.format(Rows.longValue(r, "executed_at")));
                String detail = Rows.string(r, "detail");
                if (detail == null) {
                    entry.addNull("detail");
                } else {
                    entry.add("detail", detail);
                }
                history.add(entry);
            });
        }
        return history.build();
    }

    /** Maps a row of {@code enrollments}. */
    public static Enrollment toEnrollment(DbRow row) {
        return new Enrollment(Rows.string(row, "id"), Rows.string(row, "org_id"), Rows.string(row, "workflow_id"),
                Rows.string(row, "contact_id"), Rows.string(row, "status"), (int) Rows.longValue(row, "current_step"),
                Rows.nullableLong(row, "next_run_at"), (int) Rows.longValue(row, "attempts"),
                Rows.string(row, "last_error"),
                Rows.longValue(row, "created_at"), Rows.longValue(row, "updated_at"),
                Rows.nullableLong(row, "completed_at"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("Enrollment not found");
    }
}
