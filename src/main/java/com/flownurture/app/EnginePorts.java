package com.flownurture.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.NotFoundException;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.config.AppConfig;
import com.flownurture.db.Reads;
import com.flownurture.db.Tx;
import com.flownurture.engine.ContactStore;
import com.flownurture.engine.Engine;
import com.flownurture.engine.EnrollmentStore;
import com.flownurture.engine.MailTransport;
import com.flownurture.engine.MessageStore;
import com.flownurture.engine.Outbox;
import com.flownurture.engine.WebhookClient;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentStatus;
import com.flownurture.enrollments.StepOutcome;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository;
import com.flownurture.observe.Meters;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import io.helidon.dbclient.DbExecute;
import jakarta.json.JsonObject;

/**
 * The engine's ports, implemented over the feature repositories, and the engine and outbox wired with them. Wiring
 * only: each method hands over to the repository that owns the table, so the engine sees what it needs and nothing
 * else. The ports count what they see for the metrics: claims and their lag, steps by type, messages sent and
 * failed (a batch that rolls back and runs again, enrollment by enrollment, is counted twice).
 */
public final class EnginePorts {

    private EnginePorts() {
    }

    /** The engine over these components (the server's, or a benchmark's). */
    public static Engine engine(Components c, AppConfig.Engine config, WebhookClient webhooks, Meters meters) {
        return new Engine(c.db(), c.clock(), enrollments(c, meters), contacts(c), messages(c, meters), config,
                webhooks, c.engineWakeup(), c.outboxWakeup());
    }

    /** The outbox sender over these components. */
    public static Outbox outbox(Components c, AppConfig.Mail mail, MailTransport transport, AppConfig.Engine config,
                                Meters meters) {
        return new Outbox(c.db(), c.clock(), messages(c, meters), mail, transport, c.outboxWakeup(), config.tick(),
                config.lease());
    }

    private static EnrollmentStore enrollments(Components c, Meters meters) {
        return new EnrollmentStore() {
            @Override
            public List<String> orgsWithDueWork(long now) {
                return c.claims().orgsWithDueWork(now);
            }

            @Override
            public List<Enrollment> claim(List<String> orgs, int perOrg, long now, long leaseUntil, String token) {
                List<Enrollment> claimed = c.claims().claim(orgs, perOrg, now, leaseUntil, token);
                claimed.forEach(e -> meters.claimed(e.nextRunAt() == null ? 0 : now - e.nextRunAt()));
                return claimed;
            }

            @Override
            public Optional<Enrollment> find(DbExecute exec, String orgId, String id) {
                return c.enrollments().find(exec, orgId, id);
            }

            @Override
            public Optional<Workflow> workflow(DbExecute exec, String orgId, String id) {
                return c.workflows().find(exec, orgId, id);
            }

            @Override
            public boolean advance(DbExecute tx, Enrollment e, String token, int step, long next) {
                return c.claims().advance(tx, e, token, step, next);
            }

            @Override
            public boolean waitUntil(DbExecute tx, Enrollment e, String token, int step, long next) {
                return c.claims().waitUntil(tx, e, token, step, next);
            }

            @Override
            public boolean waitForEvent(DbExecute tx, Enrollment e, String token, long timeout, long since,
                                        String event) {
                return c.claims().waitForEvent(tx, e, token, timeout, since, event);
            }

            @Override
            public Map<String, JsonObject> eventsSince(DbExecute exec, String contactId, String event, long since) {
                return c.claims().eventsSince(exec, contactId, event, since);
            }

            @Override
            public Optional<JsonObject> triggerEvent(DbExecute exec, String eventId) {
                return c.claims().triggerEvent(exec, eventId);
            }

            @Override
            public boolean retry(DbExecute tx, Enrollment e, String token, long next, String error) {
                return c.claims().retry(tx, e, token, next, error);
            }

            @Override
            public boolean finish(DbExecute tx, Enrollment e, String token, EnrollmentStatus status, String error) {
                return c.claims().finish(tx, e, token, status, error);
            }

            @Override
            public void release(DbExecute tx, String enrollmentId, String token) {
                c.claims().release(tx, enrollmentId, token);
            }

            @Override
            public void history(DbExecute tx, Enrollment e, Step step, StepOutcome outcome, String detail) {
                c.claims().history(tx, e.id(), step.id(), step.type().name(), step.order(), outcome, detail);
                meters.step(step.type().name(), outcome.failed());
            }
        };
    }

    private static ContactStore contacts(Components c) {
        return new ContactStore() {
            @Override
            public Optional<Contact> find(DbExecute exec, String orgId, String contactId) {
                return c.contacts().find(exec, orgId, contactId);
            }

            @Override
            public void update(DbExecute tx, String orgId, String contactId, ContactChanges changes) {
                c.contacts().update(tx, orgId, contactId, changes);
            }

            @Override
            public boolean addTag(DbExecute tx, String orgId, String contactId, String tagId) {
                try {
                    c.tags().addToContact(tx, orgId, contactId, tagId);
                    return true;
                } catch (NotFoundException deleted) {
                    return false;
                }
            }

            @Override
            public boolean removeTag(DbExecute tx, String orgId, String contactId, String tagId) {
                try {
                    c.tags().removeFromContact(tx, orgId, contactId, tagId);
                    return true;
                } catch (NotFoundException deleted) {
                    return false;
                }
            }

            @Override
            public boolean inSegment(DbExecute exec, String orgId, String contactId, String segmentId) {
                return c.segments().find(exec, orgId, segmentId)
                        .map(s -> c.segments().contains(exec, orgId, contactId, s.rules())).orElse(false);
            }

            @Override
            public String webhookSecret(String orgId) {
                return c.orgs().find(orgId).orElseThrow().webhookSecret();
            }
        };
    }

    private static MessageStore messages(Components c, Meters meters) {
        MessageRepository m = c.messages();
        return new MessageStore() {
            @Override
            public String queue(DbExecute tx, Message.New message) {
                return m.queue((Tx) tx, message);
            }

            @Override
            public List<MessageRepository.Due> due(DbExecute exec, long now, int limit) {
                return m.due((Reads) exec, now, limit);
            }

            @Override
            public List<MessageRepository.Due> take(DbExecute tx, long now, int limit) {
                return m.take((Tx) tx, now, limit);
            }

            @Override
            public Optional<Message> find(String id) {
                return m.find(id);
            }

            @Override
            public boolean start(String id, long leaseUntil) {
                return m.start(id, leaseUntil);
            }

            @Override
            public void sent(DbExecute tx, List<MessageRepository.Due> messages) {
                m.sent((Tx) tx, messages);
                meters.sent(messages.size());
            }

            @Override
            public void failed(DbExecute tx, List<MessageRepository.Due> messages, String error) {
                m.failed((Tx) tx, messages, error);
                meters.sendFailed(messages.size());
            }

            @Override
            public void suppressed(DbExecute tx, List<MessageRepository.Due> messages) {
                m.suppressed((Tx) tx, messages);
            }

            @Override
            public void suppressed(Message message) {
                m.suppressed(message);
            }

            @Override
            public void sent(Message message) {
                if (m.sent(message)) {
                    meters.sent(1);
                }
            }

            @Override
            public void failed(Message message, String error) {
                if (m.failed(message, error)) {
                    meters.sendFailed(1);
                }
            }

            @Override
            public void retry(Message message, String error, long next) {
                m.retry(message, error, next);
            }

            @Override
            public void handingOver(String id) {
                m.handingOver(id);
            }

            @Override
            public void failInterrupted(long now) {
                m.failInterrupted(now);
            }
        };
    }
}
