package com.flownurture.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.flownurture.app.Components;
import com.flownurture.config.AppConfig;
import com.flownurture.db.Rows;
import io.helidon.dbclient.DbRow;

/**
 * Delivers the outbox. Each message is claimed on its own (PENDING → SENDING, committed) right before it is handed to
 * the transport, and marked SENT after: the row's status is the truth, and only the one message in the transport's
 * hands is ever in doubt. A message left SENDING by a crash may or may not have been delivered; it is marked FAILED
 * rather than sent again, so no contact ever gets an email twice. The capture outbox has no outside side effect, so
 * there delivering is just the move to SENT. Transient
 * failures retry with exponential backoff; permanent ones are recorded on the message. Keeps to the configured
 * send rate.
 */
public final class Outbox implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final int BATCH = 100;

    private final Components c;
    private final Clock clock;
    private final AppConfig.Mail config;
    private final MailTransport transport;
    private final Duration lease;
    private final PollingLoop loop;
    private final long nanosPerMessage;
    private long nextSendNanos;

    /**
     * @param lease how long a claimed message is owned before a crash is assumed
     */
    public Outbox(Components components, AppConfig.Mail config, MailTransport transport, Signal wakeup,
                  Duration tick, Duration lease) {
        this.c = components;
        this.clock = components.clock();
        this.config = config;
        this.transport = transport;
        this.lease = lease;
        this.nanosPerMessage = transport instanceof CaptureTransport ? 0 : (long) (1e9 / config.ratePerSecond());
        this.loop = new PollingLoop("outbox", wakeup, tick, this::deliverDue);
    }

    /** Starts delivering. */
    public void start() {
        loop.start();
    }

    /** Delivers one batch of due messages; returns how many it handled. */
    public int deliverDue() {
        long now = clock.millis();
        if (transport instanceof CaptureTransport) {
            return (int) (long) c.db().write(tx -> {
                tx.createNamedUpdate("outbox-capture-unsubscribed").addParam("now", now).execute();
                return tx.createNamedUpdate("outbox-capture-all").addParam("now", now).addParam("limit", BATCH * 10)
                        .execute();
            });
        }
        c.db().write(tx -> tx.createNamedUpdate("outbox-uncertain").addParam("now", now).execute());
        List<String> ids;
        ids = c.db().query("outbox-due", Map.of("now", now, "limit", BATCH), r -> Rows.string(r, "id"));
        for (String id : ids) {
            c.db().read(exec -> exec.namedGet("outbox-get", id)).ifPresent(this::deliver);
        }
        return ids.size();
    }

    private void deliver(DbRow row) {
        String id = Rows.string(row, "id");
        if (!"PENDING".equals(Rows.string(row, "status"))) {
            return;
        }
        if (Rows.nullableLong(row, "unsubscribed_at") != null) {
            mark("outbox-failed", id, "contact unsubscribed before delivery", null);
            return;
        }
        long claimed = c.db().write(tx -> tx.createNamedUpdate("outbox-start").addParam("id", id)
                .addParam("lease", clock.millis() + lease.toMillis()).execute());
        if (claimed != 1) {
            return;
        }
        pace();
        MailTransport.Email email = new MailTransport.Email(Rows.string(row, "message_id"),
                Rows.string(row, "to_email"), Rows.string(row, "from_email"), Rows.string(row, "from_name"),
                Rows.string(row, "reply_to"), Rows.string(row, "subject"), Rows.string(row, "body"),
                Templates.isHtml(Rows.string(row, "body")),
                config.publicUrl() + "/u/" + Rows.string(row, "unsubscribe_token"));
        try {
            transport.send(email);
            mark("outbox-sent", id, null, null);
        } catch (MailTransport.PermanentFailure e) {
            mark("outbox-failed", id, e.getMessage(), null);
        } catch (Exception e) {
            long attempts = Rows.longValue(row, "attempts") + 1;
            String reason = "attempt " + attempts + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage().strip());
            if (attempts >= config.maxAttempts()) {
                mark("outbox-failed", id, reason, null);
            } else {
                mark("outbox-retry", id, reason, clock.millis() + (FIRST_RETRY.toMillis() << (attempts - 1)));
            }
        }
    }

    private void mark(String statement, String id, String error, Long next) {
        c.db().write(tx -> {
            var update = tx.createNamedUpdate(statement).addParam("id", id);
            if (!statement.equals("outbox-sent")) {
                update.addParam("error", error);
            } else {
                update.addParam("now", clock.millis());
            }
            if (next != null) {
                update.addParam("next", next);
            }
            return update.execute();
        });
    }

    /** Keeps to the configured messages per second. */
    private void pace() {
        if (nanosPerMessage == 0) {
            return;
        }
        long now = System.nanoTime();
        long wait = nextSendNanos - now;
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nextSendNanos = Math.max(now, nextSendNanos) + nanosPerMessage;
    }

    /** Finishes the message in hand, then stops. */
    @Override
    public void close() {
        loop.close();
    }
}
