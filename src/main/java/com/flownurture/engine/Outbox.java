package com.flownurture.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.flownurture.common.EmailHtml;
import com.flownurture.common.Signal;
import com.flownurture.config.AppConfig;
import com.flownurture.db.Database;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageRepository;
import com.flownurture.messages.MessageRepository.Due;
import com.flownurture.messages.MessageStatus;
import com.flownurture.tracking.TrackedHtml;

/**
 * Delivers the outbox. Each message is claimed on its own (PENDING → SENDING, committed) right before it is given to
 * the transport, its hand-over recorded (committed) right before the final "." of SMTP's DATA, and marked SENT after:
 * the row's status is the truth. A message left SENDING by a crash before its hand-over was never accepted by the
 * SMTP server and is sent again; one left after it may or may not have been delivered, and is marked FAILED rather
 * than sent again, so no contact ever gets an email twice. The capture outbox has no outside side effect, so
 * there delivering is just the move to SENT. Transient
 * failures retry with exponential backoff; permanent ones are recorded on the message. Keeps to the configured
 * send rate. The suppression list is read at delivery time, in the claim's transaction: a message whose contact
 * unsubscribed or whose address was suppressed after it was queued becomes SUPPRESSED instead of being sent.
 */
public final class Outbox implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final int BATCH = 100;

    private final Database db;
    private final Clock clock;
    private final MessageRepository messages;
    private final EngineMetrics metrics;
    private final AppConfig.Mail config;
    private final Supplier<String> publicUrl;
    private final MailTransport transport;
    private final Duration lease;
    private final PollingLoop loop;
    private final long nanosPerMessage;
    private long nextSendNanos;
    /** When each rate-limited recipient domain may be sent to next (only the outbox thread touches it). */
    private final Map<String, Long> nextByDomain = new HashMap<>();

    /**
     * @param publicUrl the URL recipients reach this server at, for the unsubscribe and tracking links (known once
     *                  the server listens when {@code mail.public-url} is blank)
     * @param lease     how long a claimed message is owned before a crash is assumed
     */
    public Outbox(Database db, Clock clock, MessageRepository messages, EngineMetrics metrics, AppConfig.Mail config,
                  Supplier<String> publicUrl, MailTransport transport, Signal wakeup, Duration tick, Duration lease) {
        this.db = db;
        this.clock = clock;
        this.messages = messages;
        this.metrics = metrics;
        this.config = config;
        this.publicUrl = publicUrl;
        this.transport = transport;
        this.lease = lease;
        this.nanosPerMessage = transport instanceof CaptureTransport ? 0 : (long) (1e9 / config.ratePerSecond());
        this.loop = new PollingLoop("outbox", wakeup, tick, this::deliverDue);
    }

    /** Starts delivering. */
    public void start() {
        loop.start();
    }

    /** Rounds completed by the delivering thread ({@link PollingLoop#rounds()}). */
    public long rounds() {
        return loop.rounds();
    }

    /** Delivers one batch of due messages; returns how many it handled. */
    public int deliverDue() {
        long now = clock.millis();
        if (transport instanceof CaptureTransport) {
            // Delivering is recording: a whole batch of due messages becomes SENT in one transaction, taken so that
            // no other instance's round marks (and tells of) the same messages.
            return db.write(tx -> {
                List<Due> due = messages.take(tx, now, BATCH * 10);
                messages.suppressed(tx, due.stream().filter(m -> m.suppressedBy() != null).toList());
                List<Due> sent = due.stream().filter(m -> m.suppressedBy() == null).toList();
                messages.sent(tx, sent);
                metrics.sent(sent.size());
                return due.size();
            });
        }
        messages.failInterrupted(now);
        List<Due> due = messages.due(db, now, BATCH);
        int handled = 0;
        for (Due m : due) {
            if (messages.find(m.id()).map(this::deliver).orElse(false)) {
                handled++;
            }
        }
        // Messages left for their domain's next slot do not count: the loop sleeps a tick instead of spinning.
        return handled;
    }

    /** Delivers, suppresses or fails one message; false when it was left for later or taken by another sender. */
    private boolean deliver(Message m) {
        if (m.status() != MessageStatus.PENDING) {
            return false;
        }
        if (m.suppressedBy() != null) {
            messages.suppressed(m);
            return true;
        }
        if (!domainReady(m.to()) || !messages.start(m.id(), clock.millis() + lease.toMillis())) {
            return false;
        }
        pace();
        // The template decided whether this is HTML (m.html()), not the body: a contact's value may hold a tag. The
        // rendered HTML is sanitized again, since a value put into an attribute was not checked when the step was
        // saved, and only the template's own links are tracked.
        boolean html = m.html();
        String clean = html ? EmailHtml.clean(m.body()) : m.body();
        // A tracked email's text part keeps the original links: it is generated from the body before tracking.
        String url = publicUrl.get();
        String body = html ? TrackedHtml.render(clean, m.id(), m.tracking(), m.ownLinks(), url) : clean;
        String text = m.text() == null && html ? EmailHtml.toText(clean) : m.text();
        MailTransport.Email email = new MailTransport.Email(m.messageId(), m.to(), m.fromEmail(), m.fromName(),
                m.replyTo(), m.subject(), body, text, html, url + "/u/" + m.unsubscribeToken());
        try {
            transport.send(email, () -> messages.handingOver(m.id()));
            if (messages.sent(m)) {
                metrics.sent(1);
            }
        } catch (MailTransport.PermanentFailure e) {
            failed(m, e.getMessage());
        } catch (Exception e) {
            long attempts = m.attempts() + 1;
            String reason = "attempt " + attempts + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage().strip());
            if (attempts >= config.maxAttempts()) {
                failed(m, reason);
            } else {
                messages.retry(m, reason, clock.millis() + (FIRST_RETRY.toMillis() << (attempts - 1)));
            }
        }
        return true;
    }

    /** Records a permanent failure of the message, unless it was marked already. */
    private void failed(Message m, String error) {
        if (messages.failed(m, error)) {
            metrics.sendFailed(1);
        }
    }

    /**
     * Whether the recipient's domain may be sent to now under {@code mail.domain-limits}, taking its slot if so. A
     * message whose domain is at its limit stays PENDING for a later round, so other domains' mail is not held up.
     */
    private boolean domainReady(String to) {
        String domain = to.substring(to.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        Double rate = config.domainLimits().get(domain);
        if (rate == null) {
            return true;
        }
        long now = System.nanoTime();
        long next = nextByDomain.getOrDefault(domain, now);
        if (next - now > 0) {
            return false;
        }
        nextByDomain.put(domain, now + (long) (1e9 / rate));
        return true;
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
