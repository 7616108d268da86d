package com.flownurture.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
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
import com.flownurture.http.JsonFields;
import com.flownurture.http.Responses;
import com.flownurture.segments.Segment;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import io.helidon.dbclient.DbExecute;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Runs the due steps of one claimed enrollment. Each step's effect, its history entry and the move to the next step
 * commit in one transaction, guarded by the claim token: a crash means the step runs again from the start, never
 * half-applied or twice. Webhooks are the exception by nature: the call happens before the commit, so a receiver
 * may see a delivery again after a crash, with the same {@code X-FlowNurture-Delivery} id to deduplicate on.
 */
final class StepRunner {

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

    /** Runs steps while they are due, then gives the claim back. */
    void run(Enrollment claimed, String token) {
        try {
            for (int i = 0; i < MAX_STEPS_PER_CLAIM; i++) {
                if (!runOne(claimed.orgId(), claimed.id(), token)) {
                    break;
                }
            }
        } catch (LostClaim lost) {
            return;
        }
        c.db().write(tx -> tx.createNamedUpdate("engine-release").addParam("id", claimed.id())
                .addParam("token", token).execute());
    }

    /** Runs the current step; true when the next one is due now. */
    private boolean runOne(String orgId, String enrollmentId, String token) {
        Optional<Enrollment> current = c.enrollments().find(c.db().read(), orgId, enrollmentId);
        if (current.isEmpty() || !current.get().status().equals("ACTIVE")) {
            return false;
        }
        Enrollment e = current.get();
        Optional<Workflow> workflow = c.workflows().find(c.db().read(), orgId, e.workflowId());
        Optional<Contact> contact = c.contacts().find(c.db().read(), orgId, e.contactId());
        if (workflow.isEmpty() || contact.isEmpty() || !workflow.get().status().equals("ACTIVE")) {
            return false;
        }
        Step step = workflow.get().steps().stream().filter(s -> s.order() >= e.currentStep()).findFirst()
                .orElse(null);
        if (step == null) {
            c.db().write(tx -> finish(tx, e, token, "COMPLETED", null));
            return false;
        }
        long now = clock.millis();
        return switch (step.type()) {
            case "DELAY" -> {
                long due = now + delay(step.config()).toMillis();
                c.db().write(tx -> {
                    history(tx, e, step, "WAITING", "until " + Times.format(due));
                    return advance(tx, e, token, step.order() + 1, due);
                });
                yield false;
            }
            case "SEND_EMAIL" -> {
                c.db().write(tx -> {
                    sendEmail(tx, e, step, contact.get());
                    return advance(tx, e, token, step.order() + 1, now);
                });
                yield true;
            }
            case "ADD_TAG", "REMOVE_TAG" -> {
                c.db().write(tx -> {
                    tag(tx, e, step);
                    return advance(tx, e, token, step.order() + 1, now);
                });
                yield true;
            }
            case "UPDATE_CONTACT" -> updateContact(e, step, token, now);
            case "CONDITION" -> condition(e, step, workflow.get(), token, now);
            case "WEBHOOK" -> webhook(e, step, contact.get(), token, now);
            default -> throw new IllegalStateException("unknown step type " + step.type());
        };
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
        if (c.tags().find(tx, e.orgId(), tagId).isEmpty()) {
            history(tx, e, step, "SKIPPED", "the tag no longer exists");
        } else if (step.type().equals("ADD_TAG")) {
            c.tags().addToContact(tx, e.orgId(), e.contactId(), tagId);
            history(tx, e, step, "DONE", "tag " + tagId + " added");
        } else {
            c.tags().removeFromContact(tx, e.orgId(), e.contactId(), tagId);
            history(tx, e, step, "DONE", "tag " + tagId + " removed");
        }
    }

    private boolean updateContact(Enrollment e, Step step, String token, long now) {
        try {
            c.db().write(tx -> {
                ContactChanges changes = ContactChanges.parse(
                        new JsonFields(step.config().getJsonObject("fields"), "fields."), false);
                c.contacts().update(tx, e.orgId(), e.contactId(), changes);
                history(tx, e, step, "DONE", "contact updated");
                return advance(tx, e, token, step.order() + 1, now);
            });
            return true;
        } catch (ConflictException | InvalidInputException | NotFoundException refused) {
            c.db().write(tx -> {
                history(tx, e, step, "FAILED", refused.getMessage());
                return finish(tx, e, token, "FAILED", "UPDATE_CONTACT: " + refused.getMessage());
            });
            return false;
        }
    }

    private boolean condition(Enrollment e, Step step, Workflow workflow, String token, long now) {
        String onFalse = step.config().getString("onFalse", "EXIT");
        return c.db().write(tx -> {
            Optional<Segment> segment = c.segments().find(tx, e.orgId(), step.segmentId());
            boolean in = segment.isPresent() && c.segments().contains(tx, e.orgId(), e.contactId(),
                    segment.get().rules());
            if (in) {
                history(tx, e, step, "MATCHED", "contact is in the segment");
                return advance(tx, e, token, step.order() + 1, now);
            }
            if (onFalse.equals("EXIT")) {
                history(tx, e, step, "NOT_MATCHED", "contact is not in the segment; exiting");
                finish(tx, e, token, "EXITED", null);
                return false;
            }
            int skipTo = workflow.steps().stream().filter(s -> s.order() > step.order()).findFirst()
                    .map(next -> next.order() + 1).orElse(step.order() + 1);
            history(tx, e, step, "NOT_MATCHED", "contact is not in the segment; skipping the next step");
            return advance(tx, e, token, skipTo, now);
        });
    }

    private boolean webhook(Enrollment e, Step step, Contact contact, String token, long now) {
        String secret = c.orgs().find(e.orgId()).orElseThrow().webhookSecret();
        byte[] body = Responses.toBytes(Json.createObjectBuilder()
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
                return true;
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

    private boolean advance(DbExecute tx, Enrollment e, String token, int nextStep, long nextRunAt) {
        require(tx.createNamedUpdate("engine-advance").addParam("id", e.id()).addParam("token", token)
                .addParam("step", nextStep).addParam("next", nextRunAt).addParam("now", clock.millis()).execute());
        return true;
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
