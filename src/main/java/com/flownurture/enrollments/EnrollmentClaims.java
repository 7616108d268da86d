package com.flownurture.enrollments;

import java.io.StringReader;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.changes.Changes;
import com.flownurture.common.Ids;
import com.flownurture.common.Json;
import com.flownurture.db.Database;
import com.flownurture.db.Params;
import com.flownurture.db.Reads;
import com.flownurture.db.Statement;
import com.flownurture.db.Tx;
import com.flownurture.workflows.Step;
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
    private final Statement orgsDue;
    private final Statement dueOldest;
    private final Statement claim;
    private final Statement claimed;
    private final Statement advance;
    private final Statement waitUntil;
    private final Statement waitForEvent;
    private final Statement contactLock;
    private final Statement eventSince;
    private final Statement triggerEvent;
    private final Statement retry;
    private final Statement finish;
    private final Statement get;
    private final Statement release;
    private final Statement releaseInstance;
    private final Statement historyAdd;

    /** @param instance the id of this server instance, which its claims carry ({@code instances/Instances}) */
    public EnrollmentClaims(Database db, Clock clock, Changes changes, String instance) {
        this.db = db;
        this.clock = clock;
        this.changes = changes;
        this.instance = instance;
        this.orgsDue = db.statement("enrollment-orgs-due");
        this.dueOldest = db.statement("enrollment-due-oldest");
        this.claim = db.statement("enrollment-claim");
        this.claimed = db.statement("enrollment-claimed");
        this.advance = db.statement("enrollment-advance");
        this.waitUntil = db.statement("enrollment-wait");
        this.waitForEvent = db.statement("enrollment-wait-for-event");
        this.contactLock = db.statement("enrollment-contact-lock");
        this.eventSince = db.statement("enrollment-event-since");
        this.triggerEvent = db.statement("enrollment-trigger-event");
        this.retry = db.statement("enrollment-retry");
        this.finish = db.statement("enrollment-finish");
        this.get = db.statement("enrollment-get");
        this.release = db.statement("enrollment-release");
        this.releaseInstance = db.statement("enrollment-release-instance");
        this.historyAdd = db.statement("enrollment-history-add");
    }

    /** The organizations with due enrollments. */
    public List<String> orgsWithDueWork(long now) {
        return db.list(orgsDue, Params.of("now", now), r -> r.string("id"));
    }

    /** How long the longest-waiting due enrollment of an ACTIVE workflow has been due, in ms; 0 when none is. */
    public long oldestDueMillis(long now) {
        return db.one(dueOldest, Params.of("now", now), r -> r.nullableLong("due")).map(due -> now - due).orElse(0L);
    }

    /**
     * Claims up to {@code perOrg} due enrollments of each organization whose workflow is ACTIVE, in one transaction.
     *
     * @return the enrollments claimed
     */
    public List<Enrollment> claim(List<String> orgs, int perOrg, long now, long leaseUntil, String token) {
        db.write(tx -> {
            for (String org : orgs) {
                tx.update(claim, Params.of("org", org, "now", now, "lease", leaseUntil, "token", token,
                        "limit", perOrg, "instance", instance));
            }
            return null;
        });
        return db.list(claimed, Params.of("token", token), EnrollmentRepository::toEnrollment);
    }

    /** Moves to the step at {@code step}, due at {@code next}; the claim is kept. */
    public boolean advance(Tx tx, Enrollment e, String token, int step, long next) {
        return tx.update(advance, Params.of("id", e.id(), "token", token, "step", step, "next", next,
                "now", clock.millis())) == 1;
    }

    /** Moves to the step at {@code step}, due later at {@code next}; the claim is given back. */
    public boolean waitUntil(Tx tx, Enrollment e, String token, int step, long next) {
        return tx.update(waitUntil, Params.of("id", e.id(), "token", token, "step", step, "next", next,
                "now", clock.millis())) == 1;
    }

    /**
     * Parks the enrollment at its WAIT_FOR_EVENT step until {@code timeout} or an event named {@code event}; the
     * claim is given back.
     *
     * @param since when the step was first reached (events from then on count)
     */
    public boolean waitForEvent(Tx tx, Enrollment e, String token, long timeout, long since, String event) {
        return tx.update(waitForEvent, Params.of("id", e.id(), "token", token, "next", timeout, "since", since,
                "event", event, "now", clock.millis())) == 1;
    }

    /**
     * The contact's events of a name received since a time, oldest first: their properties by event id. Takes the
     * contact's lock for the rest of the transaction first, as an event's wake-up does: between reading the events
     * and parking the enrollment, no event of the contact can arrive unseen and wake nothing (SQLite's single writer
     * serialises the two anyway; PostgreSQL's transactions would interleave).
     */
    public LinkedHashMap<String, JsonObject> eventsSince(Tx tx, String contactId, String event, long since) {
        tx.lock(contactLock, Params.of("contact", contactId));
        LinkedHashMap<String, JsonObject> events = new LinkedHashMap<>();
        tx.list(eventSince, Params.of("contact", contactId, "event", event, "since", since),
                r -> Map.entry(r.string("id"), object(r.string("properties"))))
                .forEach(found -> events.put(found.getKey(), found.getValue()));
        return events;
    }

    /** The event that triggered an enrollment as templates see it: {@code {"name", "properties"}}. */
    public Optional<JsonObject> triggerEvent(Reads reads, String eventId) {
        return reads.one(triggerEvent, Params.of("id", eventId), r -> Json.createObjectBuilder()
                .add("name", r.string("name")).add("properties", object(r.string("properties"))).build());
    }

    private static JsonObject object(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Schedules another attempt of the current step at {@code next}; the claim is given back. */
    public boolean retry(Tx tx, Enrollment e, String token, long next, String error) {
        return tx.update(retry, Params.of("id", e.id(), "token", token, "next", next, "error", error,
                "now", clock.millis())) == 1;
    }

    /** Ends the enrollment ({@code COMPLETED}, {@code EXITED} or {@code FAILED}) and publishes it. */
    public boolean finish(Tx tx, Enrollment e, String token, EnrollmentStatus status, String error) {
        if (status == EnrollmentStatus.ACTIVE) {
            throw new IllegalArgumentException("an enrollment ends in a final status");
        }
        boolean held = tx.update(finish, Params.of("id", e.id(), "token", token, "status", status.name(),
                "error", error, "now", clock.millis())) == 1;
        if (held) {
            tx.one(get, Params.of("org", e.orgId(), "id", e.id()), EnrollmentRepository::toEnrollment)
                    .ifPresent(ended -> changes.publish(tx, EnrollmentRepository.changed(ended)));
        }
        return held;
    }

    /** Gives up a claim without changing anything else. */
    public void release(Tx tx, String enrollmentId, String token) {
        tx.update(release, Params.of("id", enrollmentId, "token", token));
    }

    /** Gives up every claim this instance still holds (a clean stop, after the engine has finished). */
    public void releaseAll() {
        db.write(tx -> tx.update(releaseInstance, Params.of("instance", instance)));
    }

    /** Records one executed step in the enrollment's history. */
    public void history(Tx tx, String enrollmentId, String stepId, Step.Type type, int order,
                        StepOutcome outcome, String detail) {
        tx.update(historyAdd, Params.of("id", Ids.newId(), "enrollment", enrollmentId, "step", stepId,
                "type", type.name(), "order", order, "outcome", outcome.name(), "detail", detail, "now", clock.millis()));
    }
}
