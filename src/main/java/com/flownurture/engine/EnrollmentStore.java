package com.flownurture.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentStatus;
import com.flownurture.enrollments.StepOutcome;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import io.helidon.dbclient.DbExecute;
import jakarta.json.JsonObject;

/**
 * What the engine needs of enrollments and workflows: claims on due enrollments, and the moves of a claimed one.
 * Every move holds only while the claim token does; it returns {@code false} when the claim was lost (the
 * enrollment ended meanwhile, or an expired claim was taken over). Implemented over the repositories in
 * {@code app/App}; thread-safe.
 */
public interface EnrollmentStore {

    /** The organizations with due enrollments. */
    List<String> orgsWithDueWork(long now);

    /** Claims up to {@code perOrg} due enrollments of each organization until {@code leaseUntil}. */
    List<Enrollment> claim(List<String> orgs, int perOrg, long now, long leaseUntil, String token);

    /** One enrollment. */
    Optional<Enrollment> find(DbExecute exec, String orgId, String id);

    /** One workflow with its steps. */
    Optional<Workflow> workflow(DbExecute exec, String orgId, String id);

    /** Moves to the step at {@code step}, due at {@code next}; the claim is kept. */
    boolean advance(DbExecute tx, Enrollment e, String token, int step, long next);

    /** Moves to the step at {@code step}, due later at {@code next}; the claim is given back. */
    boolean waitUntil(DbExecute tx, Enrollment e, String token, int step, long next);

    /** Parks the enrollment at its WAIT_FOR_EVENT step until {@code timeout} or an event named {@code event}. */
    boolean waitForEvent(DbExecute tx, Enrollment e, String token, long timeout, long since, String event);

    /** The contact's events of a name received since a time, oldest first: their properties by event id. */
    Map<String, JsonObject> eventsSince(DbExecute exec, String contactId, String event, long since);

    /** The event that triggered an enrollment, as templates see it ({@code name}, {@code properties}). */
    Optional<JsonObject> triggerEvent(DbExecute exec, String eventId);

    /** Tries the current step again at {@code next}; the claim is given back. */
    boolean retry(DbExecute tx, Enrollment e, String token, long next, String error);

    /** Ends the enrollment in a final status; the claim is given back. */
    boolean finish(DbExecute tx, Enrollment e, String token, EnrollmentStatus status, String error);

    /** Gives a claim back without changing anything else. */
    void release(DbExecute tx, String enrollmentId, String token);

    /** Records an executed step in the enrollment's history. */
    void history(DbExecute tx, Enrollment e, Step step, StepOutcome outcome, String detail);
}
