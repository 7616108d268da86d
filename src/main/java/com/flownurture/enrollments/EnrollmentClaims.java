package com.flownurture.enrollments;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.flownurture.changes.Changes;
import com.flownurture.db.Database;
import com.flownurture.db.Ids;
import com.flownurture.db.Rows;
import io.helidon.dbclient.DbExecute;

/**
 * The engine's side of the enrollments table: claims on due enrollments and the guarded moves of a claimed one.
 * Every move holds only while the claim token does ({@code false} when the claim was lost: the enrollment ended,
 * or another process took over an expired claim). An ended enrollment is published. Thread-safe.
 */
public final class EnrollmentClaims {

    private final Database db;
    private final Clock clock;
    private final Changes changes;

    public EnrollmentClaims(Database db, Clock clock, Changes changes) {
        this.db = db;
        this.clock = clock;
        this.changes = changes;
    }

    /** The organizations with due enrollments. */
    public List<String> orgsWithDueWork(long now) {
        return db.query("enrollment-orgs-due", Map.of("now", now), r -> Rows.string(r, "id"));
    }

    /**
     * Claims up to {@code perOrg} due enrollments of each organization whose workflow is ACTIVE, in one transaction.
     *
     * @return the enrollments claimed
     */
    public List<Enrollment> claim(List<String> orgs, int perOrg, long now, long leaseUntil, String token) {
        db.write(tx -> {
            for (String org : orgs) {
                tx.createNamedUpdate("enrollment-claim").addParam("org", org).addParam("now", now)
                        .addParam("lease", leaseUntil).addParam("token", token).addParam("limit", perOrg).execute();
            }
            return null;
        });
        return db.query("enrollment-claimed", Map.of("token", token), EnrollmentRepository::toEnrollment);
    }

    /** Moves to the step at {@code step}, due at {@code next}; the claim is kept. */
    public boolean advance(DbExecute tx, Enrollment e, String token, int step, long next) {
        return tx.createNamedUpdate("enrollment-advance").addParam("id", e.id()).addParam("token", token)
                .addParam("step", step).addParam("next", next).addParam("now", clock.millis()).execute() == 1;
    }

    /** Moves to the step at {@code step}, due later at {@code next}; the claim is given back. */
    public boolean waitUntil(DbExecute tx, Enrollment e, String token, int step, long next) {
        return tx.createNamedUpdate("enrollment-wait").addParam("id", e.id()).addParam("token", token)
                .addParam("step", step).addParam("next", next).addParam("now", clock.millis()).execute() == 1;
    }

    /** Schedules another attempt of the current step at {@code next}; the claim is given back. */
    public boolean retry(DbExecute tx, Enrollment e, String token, long next, String error) {
        return tx.createNamedUpdate("enrollment-retry").addParam("id", e.id()).addParam("token", token)
                .addParam("next", next).addParam("error", error).addParam("now", clock.millis()).execute() == 1;
    }

    /** Ends the enrollment ({@code COMPLETED}, {@code EXITED} or {@code FAILED}) and publishes it. */
    public boolean finish(DbExecute tx, Enrollment e, String token, EnrollmentStatus status, String error) {
        if (status == EnrollmentStatus.ACTIVE) {
            throw new IllegalArgumentException("an enrollment ends in a final status");
        }
        boolean held = tx.createNamedUpdate("enrollment-finish").addParam("id", e.id()).addParam("token", token)
                .addParam("status", status.name()).addParam("error", error).addParam("now", clock.millis())
                .execute() == 1;
        if (held) {
            tx.createNamedGet("enrollment-get").addParam("org", e.orgId()).addParam("id", e.id()).execute()
                    .map(Rows::of).map(EnrollmentRepository::toEnrollment)
                    .ifPresent(ended -> changes.publish(tx, EnrollmentRepository.changed(ended)));
        }
        return held;
    }

    /** Gives up a claim without changing anything else. */
    public void release(DbExecute tx, String enrollmentId, String token) {
        tx.createNamedUpdate("enrollment-release").addParam("id", enrollmentId).addParam("token", token).execute();
    }

    /** Records one executed step in the enrollment's history. */
    public void history(DbExecute tx, String enrollmentId, String stepId, String type, int order, String outcome,
                        String detail) {
        tx.createNamedInsert("enrollment-history-add").addParam("id", Ids.newId()).addParam("enrollment", enrollmentId)
                .addParam("step", stepId).addParam("type", type).addParam("order", order)
                .addParam("outcome", outcome).addParam("detail", detail).addParam("now", clock.millis())
                .execute();
    }
}
