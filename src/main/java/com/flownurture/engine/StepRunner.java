package com.flownurture.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonOutput;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.Signal;
import com.flownurture.common.Times;
import com.flownurture.common.WebhookHeaders;
import com.flownurture.common.WebhookSignature;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.db.Tx;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentClaims;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.enrollments.EnrollmentStatus;
import com.flownurture.enrollments.StepOutcome;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository;
import com.flownurture.orgs.Organizations;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.tags.TagRepository;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowRepository;
import com.flownurture.workflows.WorkflowStatus;

/**
 * Runs the due steps of claimed enrollments. Each step type has one handler, which decides an {@link Outcome};
 * the outcome's history entry and the move to the next step commit in the step's transaction, guarded by the claim
 * token: a crash means the step runs again from the start, never half-applied or twice. Webhooks are the exception
 * by nature: the call happens before the commit, so a receiver may see a delivery again after a crash, with the
 * same {@code X-FlowNurture-Delivery} id to deduplicate on.
 */
final class StepRunner {

    private static final System.Logger LOG = System.getLogger(StepRunner.class.getName());
    /** Steps run back to back for one enrollment before it goes back in the queue (fairness). */
    private static final int MAX_STEPS_PER_CLAIM = 20;
    private static final Duration WEBHOOK_FIRST_RETRY = Duration.ofSeconds(10);

    private final Database db;
    private final Clock clock;
    private final EnrollmentClaims claims;
    private final EnrollmentRepository enrollments;
    private final WorkflowRepository workflows;
    private final ContactRepository contacts;
    private final TagRepository tags;
    private final SegmentRepository segments;
    private final Organizations orgs;
    private final MessageRepository messages;
    private final EngineMetrics metrics;
    private final AppConfig.Engine config;
    private final WebhookClient webhooks;
    private final Signal outbox;

    StepRunner(Database db, Clock clock, Engine.Repositories repositories, EngineMetrics metrics,
               AppConfig.Engine config, WebhookClient webhooks, Signal outbox) {
        this.db = db;
        this.clock = clock;
        this.claims = repositories.claims();
        this.enrollments = repositories.enrollments();
        this.workflows = repositories.workflows();
        this.contacts = repositories.contacts();
        this.tags = repositories.tags();
        this.segments = repositories.segments();
        this.orgs = repositories.orgs();
        this.messages = repositories.messages();
        this.metrics = metrics;
        this.config = config;
        this.webhooks = webhooks;
        this.outbox = outbox;
    }

    /**
     * Thrown inside a transaction when a guarded move finds the claim lost (the enrollment ended meanwhile, or an
     * expired claim was taken over): the transaction rolls back, and this worker leaves the enrollment alone.
     */
    private static final class LostClaim extends RuntimeException {
        LostClaim() {
            super(null, null, false, false);
        }
    }

    /** Where an enrollment stands after its steps ran. */
    private enum Progress {
        /** The next step is due now; the claim is held. */
        CONTINUE,
        /** The enrollment waits or has ended; its claim is given back. */
        DONE,
        /** Nothing runs now (a paused workflow, a deleted contact); the claim is held. */
        STOP,
        /** The next step needs a transaction of its own; the claim is held. */
        ALONE
    }

    /**
     * Runs the due steps of a batch of claimed enrollments in one transaction (one commit for many steps, the way
     * through SQLite's single writer), and gives their claims back.
     *
     * @return the enrollments whose next step needs a transaction of its own; they keep their claim
     */
    List<Enrollment> runBatch(List<Enrollment> claimed, String token) {
        try {
            return db.write(tx -> {
                Map<String, Optional<Workflow>> read = new HashMap<>();
                List<Enrollment> alone = new ArrayList<>();
                for (Enrollment e : claimed) {
                    Optional<Workflow> workflow = read.computeIfAbsent(e.workflowId(),
                            id -> workflows.find(tx, e.orgId(), id));
                    Progress progress = runSteps(tx, e, workflow, token, MAX_STEPS_PER_CLAIM);
                    if (progress == Progress.ALONE) {
                        alone.add(e);
                    } else if (progress != Progress.DONE) {
                        claims.release(tx, e.id(), token);
                    }
                }
                return alone;
            });
        } catch (RuntimeException batchFailed) {
            // Nothing of the batch was written: run each enrollment on its own, so one bad step stays one.
            LOG.log(System.Logger.Level.DEBUG, "batch failed; running its enrollments one by one", batchFailed);
            return claimed;
        }
    }

    /** Runs one claimed enrollment's due steps, each in its own transaction, then gives the claim back. */
    void run(Enrollment claimed, String token) {
        try {
            for (int i = 0; i < MAX_STEPS_PER_CLAIM; i++) {
                Optional<Enrollment> current = enrollments.find(db, claimed.orgId(), claimed.id());
                if (current.isEmpty() || current.get().status() != EnrollmentStatus.ACTIVE) {
                    return;
                }
                Enrollment e = current.get();
                Optional<Workflow> workflow = db.read(reads -> workflows.find(reads, e.orgId(), e.workflowId()));
                Step step = workflow.filter(StepRunner::active).map(w -> step(w, e.currentStep())).orElse(null);
                Progress progress = switch (step) {
                    case Step.Webhook webhook -> webhook(e, webhook, token);
                    case Step.UpdateContact update when update.changesEmail() -> updateContact(e, update, token);
                    case null, default -> db.write(tx -> runSteps(tx, e, workflow, token, 1));
                };
                if (progress == Progress.DONE) {
                    return;
                }
                if (progress == Progress.STOP) {
                    break;
                }
            }
        } catch (LostClaim lost) {
            return;
        }
        db.write(tx -> {
            claims.release(tx, claimed.id(), token);
            return null;
        });
    }

    /** Runs up to {@code max} due steps inside the caller's transaction. */
    private Progress runSteps(Tx tx, Enrollment e, Optional<Workflow> workflow, String token, int max) {
        if (workflow.isEmpty() || !active(workflow.get())) {
            return Progress.STOP;
        }
        Optional<Contact> contact = contacts.find(tx, e.orgId(), e.contactId());
        if (contact.isEmpty()) {
            return Progress.STOP;
        }
        Enrollment current = e;
        for (int i = 0; i < max; i++) {
            Step step = step(workflow.get(), current.currentStep());
            boolean changesContact = changesContact(step);
            if (changesContact) {
                require(active(tx, current));
            }
            Outcome outcome = step == null ? Outcome.Complete.lastStep()
                    : handle(tx, current, step, contact.get(), workflow.get());
            if (outcome instanceof Outcome.Alone) {
                return Progress.ALONE;
            }
            if (changesContact && !active(tx, current)) {
                return endedByItsOwnChange(tx, current, step, outcome);
            }
            if (apply(tx, current, step, outcome, token) == Progress.DONE) {
                return Progress.DONE;
            }
            current = current.at(((Outcome.Advance) outcome).next());
            if (step instanceof Step.UpdateContact) {
                contact = contacts.find(tx, e.orgId(), e.contactId());
            }
        }
        return Progress.CONTINUE;
    }

    /** The handler of each step type: decides what the step leads to, writing only the step's own effect. */
    private Outcome handle(Tx tx, Enrollment e, Step step, Contact contact, Workflow workflow) {
        int next = step.order() + 1;
        return switch (step) {
            case Step.SendEmail email -> sendEmail(tx, e, email, contact);
            case Step.Delay delay -> {
                long due = clock.millis() + delay.duration().toMillis();
                yield new Outcome.WaitUntil(StepOutcome.WAITING, "until " + Times.format(due), next, due);
            }
            case Step.AddTag add -> addTag(tx, e, add.tagId())
                    ? new Outcome.Advance(StepOutcome.DONE, "tag " + add.tagId() + " added", next)
                    : new Outcome.Advance(StepOutcome.SKIPPED, "the tag no longer exists", next);
            case Step.RemoveTag remove -> removeTag(tx, e, remove.tagId())
                    ? new Outcome.Advance(StepOutcome.DONE, "tag " + remove.tagId() + " removed", next)
                    : new Outcome.Advance(StepOutcome.SKIPPED, "the tag no longer exists", next);
            case Step.UpdateContact update -> {
                if (update.changesEmail()) {
                    yield new Outcome.Alone();
                }
                contacts.update(tx, e.orgId(), e.contactId(), update.changes());
                yield new Outcome.Advance(StepOutcome.DONE, "contact updated", next);
            }
            case Step.Condition condition -> condition(tx, e, condition, workflow);
            case Step.Webhook webhook -> new Outcome.Alone();
            case Step.WaitForEvent wait -> waitForEvent(tx, e, wait);
        };
    }

    /** Writes an outcome's history entry and moves the enrollment; throws {@link LostClaim} if the claim is gone. */
    private Progress apply(Tx tx, Enrollment e, Step step, Outcome outcome, String token) {
        long now = clock.millis();
        switch (outcome) {
            case Outcome.Advance a -> {
                history(tx, e, step, a.result(), a.detail());
                require(claims.advance(tx, e, token, a.next(), now));
                return Progress.CONTINUE;
            }
            case Outcome.WaitUntil w -> {
                history(tx, e, step, w.result(), w.detail());
                require(claims.waitUntil(tx, e, token, w.next(), w.due()));
            }
            case Outcome.Complete c -> {
                if (c.result() != null) {
                    history(tx, e, step, c.result(), c.detail());
                }
                require(claims.finish(tx, e, token, EnrollmentStatus.COMPLETED, null));
            }
            case Outcome.WaitForEvent w -> {
                if (w.result() != null) {
                    history(tx, e, step, w.result(), w.detail());
                }
                require(claims.waitForEvent(tx, e, token, w.timeout(), w.since(), w.event()));
            }
            case Outcome.Exit x -> {
                history(tx, e, step, x.result(), x.detail());
                require(claims.finish(tx, e, token, EnrollmentStatus.EXITED, null));
            }
            case Outcome.Fail f -> {
                history(tx, e, step, f.result(), f.detail());
                require(claims.finish(tx, e, token, EnrollmentStatus.FAILED, f.error()));
            }
            case Outcome.Retry r -> {
                history(tx, e, step, r.result(), r.detail());
                require(claims.retry(tx, e, token, r.at(), r.detail()));
            }
            case Outcome.Alone a -> throw new IllegalStateException("a step that runs alone has no outcome yet");
        }
        return Progress.DONE;
    }

    /** Records an executed step in the enrollment's history, and counts it. */
    private void history(Tx tx, Enrollment e, Step step, StepOutcome outcome, String detail) {
        claims.history(tx, e.id(), step.id(), step.type(), step.order(), outcome, detail);
        metrics.step(step.type().name(), outcome.failed());
    }

    /** Puts a tag on the contact; false when the tag no longer exists. */
    private boolean addTag(Tx tx, Enrollment e, String tagId) {
        try {
            tags.addToContact(tx, e.orgId(), e.contactId(), tagId);
            return true;
        } catch (NotFoundException deleted) {
            return false;
        }
    }

    /** Takes a tag off the contact; false when the tag no longer exists. */
    private boolean removeTag(Tx tx, Enrollment e, String tagId) {
        try {
            tags.removeFromContact(tx, e.orgId(), e.contactId(), tagId);
            return true;
        } catch (NotFoundException deleted) {
            return false;
        }
    }

    /** Whether the contact is in the segment now; false when the segment no longer exists. */
    private boolean inSegment(Tx tx, Enrollment e, String segmentId) {
        return segments.find(tx, e.orgId(), segmentId)
                .map(s -> segments.contains(tx, e.orgId(), e.contactId(), s.rules())).orElse(false);
    }

    /**
     * Whether a step changes the contact (a tag, a field): that change is published, and may meet a goal or an exit
     * condition of the very enrollment running it.
     */
    private static boolean changesContact(Step step) {
        return step instanceof Step.AddTag || step instanceof Step.RemoveTag || step instanceof Step.UpdateContact;
    }

    private boolean active(Tx tx, Enrollment e) {
        return enrollments.find(tx, e.orgId(), e.id()).filter(now -> now.status() == EnrollmentStatus.ACTIVE)
                .isPresent();
    }

    /**
     * The step's own change met a goal or an exit condition, which ended the enrollment (and gave its claim back) in
     * this transaction: the step is recorded, and nothing moves on.
     */
    private Progress endedByItsOwnChange(Tx tx, Enrollment e, Step step, Outcome outcome) {
        if (outcome instanceof Outcome.Advance done) {
            history(tx, e, step, done.result(), done.detail());
        }
        return Progress.DONE;
    }

    private static boolean active(Workflow workflow) {
        return workflow.status() == WorkflowStatus.ACTIVE;
    }

    /** The step to run: the first at or after the enrollment's position. */
    private static Step step(Workflow workflow, int position) {
        return workflow.steps().stream().filter(s -> s.order() >= position).findFirst().orElse(null);
    }

    private Outcome sendEmail(Tx tx, Enrollment e, Step.SendEmail step, Contact contact) {
        int next = step.order() + 1;
        // An unsubscribed contact's email is queued too: the outbox checks the suppression list at delivery and
        // records it SUPPRESSED with its reason, so every SEND_EMAIL leaves a message that says why it was not sent.
        jakarta.json.JsonObject event = e.triggerEventId() != null
                && Templates.usesEvent(step.subject(), step.body(), step.text() == null ? "" : step.text())
                ? claims.triggerEvent(tx, e.triggerEventId()).orElse(null) : null;
        String messageId = messages.queue(tx, new Message.New(e.orgId(), contact.id(), e.id(), step.id(),
                contact.email(), step.fromEmail(), step.fromName(), step.replyTo(),
                Templates.subject(step.subject(), contact, event), step.body(),
                Templates.body(step.body(), contact, event),
                step.text() == null ? null : Templates.subject(step.text(), contact, event)));
        outbox.wake();
        return new Outcome.Advance(StepOutcome.QUEUED, "message " + messageId, next);
    }

    /**
     * Waits for an event received since the step was reached (with {@code matchProperty}, one whose property equals
     * the triggering event's), or the timeout; then {@code onEvent} or {@code onTimeout} decides.
     */
    private Outcome waitForEvent(Tx tx, Enrollment e, Step.WaitForEvent step) {
        long now = clock.millis();
        boolean first = e.waitingSince() == null;
        long since = first ? now : e.waitingSince();
        long timeout = since + step.timeout().toMillis();
        if (!first) {
            Optional<String> event = matching(tx, e, step, since);
            if (event.isPresent()) {
                String detail = "event " + event.get();
                return step.onEvent() == Step.OnEvent.COMPLETE
                        ? new Outcome.Complete(StepOutcome.EVENT_RECEIVED, detail + "; completing")
                        : new Outcome.Advance(StepOutcome.EVENT_RECEIVED, detail, step.order() + 1);
            }
            if (now >= timeout) {
                String detail = "no " + step.eventName() + " event before the timeout";
                return step.onTimeout() == Step.OnTimeout.EXIT
                        ? new Outcome.Exit(StepOutcome.TIMED_OUT, detail + "; exiting")
                        : new Outcome.Advance(StepOutcome.TIMED_OUT, detail, step.order() + 1);
            }
        }
        return new Outcome.WaitForEvent(first ? StepOutcome.WAITING : null,
                first ? "for " + step.eventName() + " until " + Times.format(timeout) : null, step.eventName(), since,
                timeout);
    }

    /** The first event that ends a WAIT_FOR_EVENT, by id. */
    private Optional<String> matching(Tx tx, Enrollment e, Step.WaitForEvent step, long since) {
        Map<String, jakarta.json.JsonObject> events = claims.eventsSince(tx, e.contactId(), step.eventName(),
                since);
        if (step.matchProperty() == null) {
            return events.keySet().stream().findFirst();
        }
        jakarta.json.JsonValue wanted = e.triggerEventId() == null ? null : claims.triggerEvent(tx,
                e.triggerEventId()).map(t -> t.getJsonObject("properties").get(step.matchProperty())).orElse(null);
        if (wanted == null) {
            return Optional.empty();
        }
        return events.entrySet().stream().filter(ev -> wanted.equals(ev.getValue().get(step.matchProperty())))
                .map(Map.Entry::getKey).findFirst();
    }

    /** Goes on when the contact is in the segment; otherwise exits, or skips the next step. */
    private Outcome condition(Tx tx, Enrollment e, Step.Condition step, Workflow workflow) {
        if (inSegment(tx, e, step.segmentId())) {
            return new Outcome.Advance(StepOutcome.MATCHED, "contact is in the segment", step.order() + 1);
        }
        if (step.onFalse() == Step.OnFalse.EXIT) {
            return new Outcome.Exit(StepOutcome.NOT_MATCHED, "contact is not in the segment; exiting");
        }
        int skipTo = workflow.steps().stream().filter(s -> s.order() > step.order()).findFirst()
                .map(next -> next.order() + 1).orElse(step.order() + 1);
        return new Outcome.Advance(StepOutcome.NOT_MATCHED, "contact is not in the segment; skipping the next step",
                skipTo);
    }

    /** A contact update on its own: a refused change (a taken email) fails the enrollment, with the reason. */
    private Progress updateContact(Enrollment e, Step.UpdateContact step, String token) {
        try {
            return db.write(tx -> {
                contacts.update(tx, e.orgId(), e.contactId(), step.changes());
                Outcome done = new Outcome.Advance(StepOutcome.DONE, "contact updated", step.order() + 1);
                return active(tx, e) ? apply(tx, e, step, done, token) : endedByItsOwnChange(tx, e, step, done);
            });
        } catch (ConflictException | InvalidInputException | NotFoundException refused) {
            Outcome failed = new Outcome.Fail(StepOutcome.FAILED, refused.getMessage(),
                    "UPDATE_CONTACT: " + refused.getMessage());
            return db.write(tx -> apply(tx, e, step, failed, token));
        }
    }

    /** Calls the webhook outside any transaction, then records the outcome in one. */
    private Progress webhook(Enrollment e, Step.Webhook step, String token) {
        Contact contact = contacts.find(db, e.orgId(), e.contactId()).orElse(null);
        if (contact == null) {
            return Progress.STOP;
        }
        long now = clock.millis();
        byte[] body = JsonOutput.bytes(Json.createObjectBuilder()
                .add("event", "workflow.step").add("enrollmentId", e.id()).add("contact", contact.toJson())
                .add("workflowId", e.workflowId()).add("stepId", step.id()).add("timestamp", Times.format(now))
                .build());
        long seconds = now / 1000;
        // A step stored before the header rules may hold Host, framing or X-FlowNurture-* headers: never sent.
        Map<String, String> headers = new LinkedHashMap<>(WebhookHeaders.sendable(step.headers()));
        String secret = orgs.find(e.orgId()).orElseThrow().webhookSecret();
        headers.putAll(WebhookSignature.headers(secret, seconds, e.id() + "." + step.id(), body));
        Outcome outcome;
        try {
            int status = webhooks.post(step.url(), headers, body, config.webhookTimeout());
            outcome = status >= 200 && status < 300
                    ? new Outcome.Advance(StepOutcome.DELIVERED, "HTTP " + status, step.order() + 1)
                    : webhookFailed(e, "HTTP " + status);
        } catch (Exception error) {
            outcome = webhookFailed(e, Webhooks.failure(error));
        }
        Outcome recorded = outcome;
        return db.write(tx -> apply(tx, e, step, recorded, token));
    }

    /** A failed webhook attempt: retried with backoff, FAILED after the last attempt. */
    private Outcome webhookFailed(Enrollment e, String failure) {
        String reason = "WEBHOOK attempt " + (e.attempts() + 1) + " failed: " + failure;
        if (e.attempts() + 1 >= config.webhookMaxAttempts()) {
            return new Outcome.Fail(StepOutcome.FAILED, reason, reason);
        }
        long backoff = WEBHOOK_FIRST_RETRY.toMillis() << Math.min(e.attempts(), 10);
        return new Outcome.Retry(StepOutcome.RETRY, reason, clock.millis() + backoff);
    }

    private static void require(boolean held) {
        if (!held) {
            throw new LostClaim();
        }
    }
}
