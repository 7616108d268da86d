package com.flownurture.enrollments;

import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.flownurture.changes.Changes;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * The engine's side of the enrollments table: claims on due enrollments and the guarded moves of a claimed one.
 * Every move holds only while the claim token does ({@code false} when the claim was lost: the enrollment ended,
 * or another process took over an expired claim). An ended enrollment is published. Thread-safe.
 */
public final class EnrollmentClaims {

    private final Database db;
    private final Clock clock;
    private final Changes changes;
    private final String instance;

    /** @param instance the id of this server instance, which its claims carry ({@code instances/Instances}) */
    public EnrollmentClaims(Database db, Clock clock, Changes changes, String instance) {
        this.db = db;
        this.clock = clock;
        this.changes = changes;
        this.instance = instance;
    }

    /** The organizations with due enrollments. */
    public List<String> orgsWithDueWork(long now) {
        return db.query("enrollment-orgs-due", Map.of("now", now), r -> Rows.string(r, "id"));
    }

    /** How long the longest-waiting due enrollment of an ACTIVE workflow has been due, in ms; 0 when none is. */
    public long oldestDueMillis(long now) {
        Long due = db.query("enrollment-due-oldest", Map.of("now", now), r -> Rows.nullableLong(r, "due")).getFirst();
        return due == null ? 0 : now - due;
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
                        .addParam("lease", leaseUntil).addParam("token", token).addParam("limit", perOrg)
                        .addParam("instance", instance).execute();
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

    /**
     * Parks the enrollment at its WAIT_FOR_EVENT step until {@code timeout} or an event named {@code event}; the
     * claim is given back.
     *
     * @param since when the step was first reached (events from then on count)
     */
    public boolean waitForEvent(DbExecute tx, Enrollment e, String token, long timeout, long since, String event) {
        return tx.createNamedUpdate("enrollment-wait-for-event").addParam("id", e.id()).addParam("token", token)
                .addParam("next", timeout).addParam("since", since).addParam("event", event)
                .addParam("now", clock.millis()).execute() == 1;
    }

    /**
     * The contact's events of a name received since a time, oldest first: their properties by event id. Takes the
     * contact's lock for the rest of the transaction first, as an event's wake-up does: between reading the events
     * and parking the enrollment, no event of the contact can arrive unseen and wake nothing (SQLite's single writer
     * serialises the two anyway; PostgreSQL's transactions would interleave).
     */
    public java.util.LinkedHashMap<String, JsonObject> eventsSince(DbExecute exec, String contactId, String event,
                                                                   long since) {
        db.lock(exec, "enrollment-contact-lock", Map.of("contact", contactId));
        java.util.LinkedHashMap<String, JsonObject> events = new java.util.LinkedHashMap<>();
        try (Stream<DbRow> rows = exec.createNamedQuery("enrollment-event-since").addParam("contact", contactId)
                .addParam("event", event).addParam("since", since).execute()) {
            rows.forEach(r -> events.put(Rows.string(r, "id"), object(Rows.string(r, "properties"))));
        }
        return events;
    }

    /** The event that triggered an enrollment as templates see it: {@code {"name", "properties"}}. */
    public java.util.Optional<JsonObject> triggerEvent(DbExecute exec, String eventId) {
        return exec.createNamedGet("enrollment-trigger-event").addParam("id", eventId).execute()
                .map(r -> Json.createObjectBuilder()
                .add("name", Rows.string(r, "name")).add("properties", object(Rows.string(r, "properties"))).build());
    }

    private static JsonObject object(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
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

    /** Gives up every claim this instance still holds (a clean stop, after the engine has finished). */
    public void releaseAll() {
        db.write(tx -> tx.createNamedUpdate("enrollment-release-instance").addParam("instance", instance).execute());
    }

    /** Records one executed step in the enrollment's history. */
    public void history(DbExecute tx, String enrollmentId, String stepId, String type, int order,
                        StepOutcome outcome, String detail) {
        tx.createNamedInsert("enrollment-history-add").addParam("id", Ids.newId()).addParam("enrollment", enrollmentId)
                .addParam("step", stepId).addParam("type", type).addParam("order", order)
                .addParam("outcome", outcome.name()).addParam("detail", detail).addParam("now", clock.millis())
                .execute();
    }
}
