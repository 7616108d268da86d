package com.flownurture.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.app.Components;
import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.db.Ids;
import com.flownurture.db.Times;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.common.JsonFields;
import com.flownurture.common.JsonOutput;
import com.flownurture.segments.Segment;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import io.helidon.dbclient.DbExecute;
import com.flownurture.common.Json;
import jakarta.json.JsonObject;

/**
 * Runs the due steps of one claimed enrollment. Each step's effect, its history entry and the move to the next step
 * commit in one transaction, guarded by the claim token: a crash means the step runs again from the start, never
 * half-applied or twice. Webhooks are the exception by nature: the call happens before the commit, so a receiver
 * may see a delivery again after a crash, with the same {@code X-FlowNurture-Delivery} id to deduplicate on.
 */
final class StepRunner {

    private static final System.Logger LOG = System.getLogger(StepRunner.class.getName());
    /** Steps run back to back for one enrollment before it goes back in the queue (fairness). */
    private static final int MAX_STEPS_PER_CLAIM = 20;
    private static final Duration WEBHOOK_FIRST_RETRY = Duration.ofSeconds(10);

    private final Components c;
    private final Clock clock;
    private final AppConfig.Engine config;
    private final WebhookClient webhooks;
    private final Signal outbox;
    private final SecureRandom random = new SecureRandom();

    StepRunner(Components components, AppConfig.Engine config, WebhookClient webhooks, Signal outbox) {
        this.c = components;
        this.clock = components.clock();
        this.config = config;
        this.webhooks = webhooks;
        this.outbox = outbox;
    }

    /** Thrown inside a transaction when the claim was lost (exited, or taken over): the transaction rolls back. */
    private static final class LostClaim extends RuntimeException {
        LostClaim() {
            super(null, null, false, false);
        }
    }

    /** What a step left to do. */
    private enum Outcome {
        /** The next step is due now. */
        CONTINUE,
        /** The enrollment waits for a delay or has finished; its claim is already given back. */
        DONE,
        /** Nothing more runs now (a paused workflow, a deleted contact); the claim is still held. */
        STOP,
        /** The step needs a transaction of its own (a webhook call, a contact update that may conflict). */
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
            return c.db().write(tx -> {
                Map<String, Optional<Workflow>> workflows = new HashMap<>();
                List<Enrollment> alone = new ArrayList<>();
                for (Enrollment e : claimed) {
                    Optional<Workflow> workflow = workflows.computeIfAbsent(e.workflowId(),
                            id -> c.workflows().find(tx, e.orgId(), id));
                    Outcome outcome = runSteps(tx, e, workflow, token);
                    if (outcome == Outcome.ALONE) {
                        alone.add(e);
                    } else if (outcome != Outcome.DONE) {
                        tx.createNamedUpdate("engine-release").addParam("id", e.id()).addParam("token", token)
                                .execute();
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
                Optional<Enrollment> current = c.enrollments().find(c.db().read(), claimed.orgId(), claimed.id());
                if (current.isEmpty() || !current.get().status().equals("ACTIVE")) {
                    return;
                }
                Enrollment e = current.get();
                Optional<Workflow> workflow = c.workflows().find(c.db().read(), e.orgId(), e.workflowId());
                Step step = workflow.map(w -> step(w, e.currentStep())).orElse(null);
                Outcome outcome;
                if (step != null && step.type().equals("WEBHOOK") && active(workflow)) {
                    outcome = webhook(e, step, token);
                } else if (step != null && step.type().equals("UPDATE_CONTACT") && active(workflow)) {
                    outcome = updateContact(e, step, token);
                } else {
                    outcome = c.db().write(tx -> runSteps(tx, e, workflow, token, 1));
                }
                if (outcome == Outcome.DONE) {
                    return;
                }
                if (outcome == Outcome.STOP) {
                    break;
                }
            }
        } catch (LostClaim lost) {
            return;
        }
        c.db().write(tx -> tx.createNamedUpdate("engine-release").addParam("id", claimed.id())
                .addParam("token", token).execute());
    }

    private Outcome runSteps(DbExecute tx, Enrollment e, Optional<Workflow> workflow, String token) {
        return runSteps(tx, e, workflow, token, MAX_STEPS_PER_CLAIM);
    }

    /** Runs up to {@code max} due steps inside the caller's transaction. */
    private Outcome runSteps(DbExecute tx, Enrollment e, Optional<Workflow> workflow, String token, int max) {
        if (!active(workflow)) {
            return Outcome.STOP;
        }
        int current = e.currentStep();
        Optional<Contact> contact = c.contacts().find(tx, e.orgId(), e.contactId());
        if (contact.isEmpty()) {
            return Outcome.STOP;
        }
        for (int i = 0; i < max; i++) {
            Step step = step(workflow.get(), current);
            if (step == null) {
                finish(tx, e, token, "COMPLETED", null);
                return Outcome.DONE;
            }
            long now = clock.millis();
            switch (step.type()) {
                case "DELAY" -> {
                    long due = now + delay(step.config()).toMillis();
                    history(tx, e, step, "WAITING", "until " + Times.format(due));
                    require(tx.createNamedUpdate("engine-wait").addParam("id", e.id()).addParam("token", token)
                            .addParam("step", step.order() + 1).addParam("next", due).addParam("now", now)
                            .execute());
                    return Outcome.DONE;
                }
                case "SEND_EMAIL" -> {
                    sendEmail(tx, e, step, contact.get());
                    current = advance(tx, e, token, step.order() + 1, now);
                }
                case "ADD_TAG", "REMOVE_TAG" -> {
                    tag(tx, e, step);
                    current = advance(tx, e, token, step.order() + 1, now);
                }
                case "CONDITION" -> {
                    current = condition(tx, e, step, workflow.get(), token, now);
                    if (current < 0) {
                        return Outcome.DONE;
                    }
                }
                case "UPDATE_CONTACT" -> {
                    if (step.config().getJsonObject("fields").containsKey("email")) {
                        return Outcome.ALONE;
                    }
                    applyUpdate(tx, e, step);
                    current = advance(tx, e, token, step.order() + 1, now);
                    contact = c.contacts().find(tx, e.orgId(), e.contactId());
                }
                case "WEBHOOK" -> {
                    return Outcome.ALONE;
                }
                default -> throw new IllegalStateException("unknown step type " + step.type());
            }
        }
        return Outcome.CONTINUE;
    }

    private static boolean active(Optional<Workflow> workflow) {
        return workflow.isPresent() && workflow.get().status().equals("ACTIVE");
    }

    /** The step to run: the first at or after the enrollment's position. */
    private static Step step(Workflow workflow, int position) {
        return workflow.steps().stream().filter(s -> s.order() >= position).findFirst().orElse(null);
    }

    private void sendEmail(DbExecute tx, Enrollment e, Step step, Contact contact) {
        if (contact.unsubscribedAt() != null) {
            history(tx, e, step, "SKIPPED", "contact unsubscribed");
            return;
        }
        JsonObject cfg = step.config();
        String id = Ids.newId();
        String messageId = "<" + id + "@flownurture>";
        tx.createNamedInsert("message-insert")
                .addParam("id", id).addParam("org", e.orgId()).addParam("contact", contact.id())
                .addParam("enrollment", e.id()).addParam("step", step.id()).addParam("to", contact.email())
                .addParam("fromEmail", cfg.getString("fromEmail", null))
                .addParam("fromName", cfg.getString("fromName", null))
                .addParam("replyTo", cfg.getString("replyTo", null))
                .addParam("subject", Templates.subject(cfg.getString("subject"), contact))
                .addParam("body", Templates.body(cfg.getString("body"), contact))
                .addParam("messageId", messageId).addParam("token", newToken())
                .addParam("now", clock.millis())
                .execute();
        history(tx, e, step, "QUEUED", "message " + messageId);
        outbox.wake();
    }

    private void tag(DbExecute tx, Enrollment e, Step step) {
        String tagId = step.config().getString("tagId");
        try {
            if (step.type().equals("ADD_TAG")) {
                c.tags().addToContact(tx, e.orgId(), e.contactId(), tagId);
                history(tx, e, step, "DONE", "tag " + tagId + " added");
            } else {
                c.tags().removeFromContact(tx, e.orgId(), e.contactId(), tagId);
                history(tx, e, step, "DONE", "tag " + tagId + " removed");
            }
        } catch (NotFoundException deleted) {
            history(tx, e, step, "SKIPPED", "the tag no longer exists");
        }
    }

    private void applyUpdate(DbExecute tx, Enrollment e, Step step) {
        ContactChanges changes = ContactChanges.parse(
                new JsonFields(step.config().getJsonObject("fields"), "fields."), false);
        c.contacts().update(tx, e.orgId(), e.contactId(), changes);
        history(tx, e, step, "DONE", "contact updated");
    }

    /** A contact update on its own: a refused change (a taken email) fails the enrollment, with the reason. */
    private Outcome updateContact(Enrollment e, Step step, String token) {
        try {
            c.db().write(tx -> {
                applyUpdate(tx, e, step);
                return advance(tx, e, token, step.order() + 1, clock.millis());
            });
            return Outcome.CONTINUE;
        } catch (ConflictException | InvalidInputException | NotFoundException refused) {
            c.db().write(tx -> {
                history(tx, e, step, "FAILED", refused.getMessage());
                return finish(tx, e, token, "FAILED", "UPDATE_CONTACT: " + refused.getMessage());
            });
            return Outcome.DONE;
        }
    }

    /** Evaluates the segment now; returns the next position, or -1 when the enrollment exited. */
    private int condition(DbExecute tx, Enrollment e, Step step, Workflow workflow, String token, long now) {
        Optional<Segment> segment = c.segments().find(tx, e.orgId(), step.segmentId());
        boolean in = segment.isPresent()
                && c.segments().contains(tx, e.orgId(), e.contactId(), segment.get().rules());
        if (in) {
            history(tx, e, step, "MATCHED", "contact is in the segment");
            return advance(tx, e, token, step.order() + 1, now);
        }
        if (step.config().getString("onFalse", "EXIT").equals("EXIT")) {
            history(tx, e, step, "NOT_MATCHED", "contact is not in the segment; exiting");
            finish(tx, e, token, "EXITED", null);
            return -1;
        }
        int skipTo = workflow.steps().stream().filter(s -> s.order() > step.order()).findFirst()
                .map(next -> next.order() + 1).orElse(step.order() + 1);
        history(tx, e, step, "NOT_MATCHED", "contact is not in the segment; skipping the next step");
        return advance(tx, e, token, skipTo, now);
    }

    private Outcome webhook(Enrollment e, Step step, String token) {
        long now = clock.millis();
        Contact contact = c.contacts().find(c.db().read(), e.orgId(), e.contactId()).orElse(null);
        if (contact == null) {
            return Outcome.STOP;
        }
        String secret = c.orgs().find(e.orgId()).orElseThrow().webhookSecret();
        byte[] body = JsonOutput.bytes(Json.createObjectBuilder()
                .add("event", "workflow.step").add("enrollmentId", e.id()).add("contact", contact.toJson())
                .add("workflowId", e.workflowId()).add("stepId", step.id()).add("timestamp", Times.format(now))
                .build());
        long seconds = now / 1000;
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (step.config().containsKey("headers")) {
            step.config().getJsonObject("headers").forEach((k, v) -> headers.put(k, ((jakarta.json.JsonString) v)
                    .getString()));
        }
        headers.put(Webhooks.TIMESTAMP, Long.toString(seconds));
        headers.put(Webhooks.SIGNATURE, Webhooks.sign(secret, seconds, body));
        headers.put(Webhooks.DELIVERY, e.id() + "." + step.id());
        String failure;
        try {
            int status = webhooks.post(step.config().getString("url"), headers, body, config.webhookTimeout());
            if (status >= 200 && status < 300) {
                c.db().write(tx -> {
                    history(tx, e, step, "DELIVERED", "HTTP " + status);
                    return advance(tx, e, token, step.order() + 1, clock.millis());
                });
                return Outcome.CONTINUE;
            }
            failure = "HTTP " + status;
        } catch (Exception error) {
            failure = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        }
        String reason = "WEBHOOK attempt " + (e.attempts() + 1) + " failed: " + failure;
        c.db().write(tx -> {
            if (e.attempts() + 1 >= config.webhookMaxAttempts()) {
                history(tx, e, step, "FAILED", reason);
                return finish(tx, e, token, "FAILED", reason);
            }
            history(tx, e, step, "RETRY", reason);
            long backoff = WEBHOOK_FIRST_RETRY.toMillis() << Math.min(e.attempts(), 10);
            return require(tx.createNamedUpdate("engine-retry").addParam("id", e.id()).addParam("token", token)
                    .addParam("next", clock.millis() + backoff).addParam("error", reason)
                    .addParam("now", clock.millis()).execute());
        });
        throw new LostClaim();
    }

    /** Moves to the step at {@code nextStep} (due at {@code nextRunAt}); returns that position. */
    private int advance(DbExecute tx, Enrollment e, String token, int nextStep, long nextRunAt) {
        require(tx.createNamedUpdate("engine-advance").addParam("id", e.id()).addParam("token", token)
                .addParam("step", nextStep).addParam("next", nextRunAt).addParam("now", clock.millis()).execute());
        return nextStep;
    }

    private boolean finish(DbExecute tx, Enrollment e, String token, String status, String error) {
        require(tx.createNamedUpdate("engine-finish").addParam("id", e.id()).addParam("token", token)
                .addParam("status", status).addParam("error", error).addParam("now", clock.millis()).execute());
        return false;
    }

    private static boolean require(long updated) {
        if (updated != 1) {
            throw new LostClaim();
        }
        return true;
    }

    private void history(DbExecute tx, Enrollment e, Step step, String outcome, String detail) {
        tx.createNamedInsert("engine-history").addParam("id", Ids.newId()).addParam("enrollment", e.id())
                .addParam("step", step.id()).addParam("type", step.type()).addParam("order", step.order())
                .addParam("outcome", outcome).addParam("detail", detail).addParam("now", clock.millis())
                .execute();
    }

    private static Duration delay(JsonObject cfg) {
        long amount = cfg.getInt("delayAmount");
        return switch (cfg.getString("delayUnit")) {
            case "MINUTES" -> Duration.ofMinutes(amount);
            case "HOURS" -> Duration.ofHours(amount);
            case "DAYS" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
