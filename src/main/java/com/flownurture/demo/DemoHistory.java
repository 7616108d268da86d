package com.flownurture.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

import com.flownurture.app.Components;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.config.AppConfig;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.events.NewEvent;
import com.flownurture.messages.Message;
import com.flownurture.messages.MessageStatus;
import com.flownurture.tracking.TrackingRepository;
import com.flownurture.webhooks.SubscriptionRepository;
import com.flownurture.workflows.WorkflowStatus;
import jakarta.json.JsonObject;

/**
 * A month of the demo organization's life, played before the server first starts so that every page has something
 * to show: new contacts every day enrolled in the Welcome Sequence, a trial workflow that an event starts and a
 * purchase ends (its goal), the emails the engine sends and their opens and clicks, events, a couple of
 * unsubscribes, and a webhook subscription to a target this server refuses to call, so its deliveries fail.
 * <p>
 * Everything goes through the features' repositories and the real engine and outbox, on a {@link SteppedClock}
 * moved through the month, so every row carries a past time as if the month had happened. The shape is the same on
 * every run (a seeded generator; only ids differ). Not thread-safe: one run, on one thread.
 */
public final class DemoHistory {

    static final int DAYS = 30;
    /** The webhook target: loopback, which the server refuses to call (or, when allowed, a closed port). */
    static final String REFUSED_TARGET = "http://127.0.0.1:9/flownurture-demo";
    private static final long SEED = 20_261_208L;
    /** How often the engine and the outbox run while the month plays. */
    private static final long ROUND = Duration.ofHours(6).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final String[] PAGES = {"/pricing", "/features", "/docs/getting-started", "/blog/automation"};
    /** A person reading in a browser: neither a mail proxy nor a link scanner, so the opens and clicks count. */
    private static final TrackingRepository.Client READER = new TrackingRepository.Client("198.51.100.23",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0");

    private record Timed(long at, long seq, Runnable action) {
    }

    private final Components c;
    private final Components.Server server;
    private final SteppedClock clock;
    private final DemoData.Result demo;
    private final long end;
    private final Random random = new Random(SEED);
    private final PriorityQueue<Timed> queue = new PriorityQueue<>(
            Comparator.comparingLong(Timed::at).thenComparingLong(Timed::seq));
    private long seq;
    private int people = DemoData.CONTACTS;

    private DemoHistory(Components c, Components.Server server, SteppedClock clock, DemoData.Result demo, long end) {
        this.c = c;
        this.server = server;
        this.clock = clock;
        this.demo = demo;
        this.end = end;
    }

    /**
     * On an empty database, makes the demo organization as it was {@value #DAYS} days before {@code clock}'s now
     * and plays its month up to now; on any other, does nothing.
     *
     * @param config the server's configuration with no SMTP relay: the demo's emails stay in the capture outbox
     * @return the demo organization made, or empty when the database held one already
     */
    public static Optional<DemoData.Result> onFirstStart(AppConfig config, Clock clock) {
        if (config.mail().smtp()) {
            throw new IllegalArgumentException("the demo's history is played with mail.host empty: its emails are "
                    + "captured, never sent");
        }
        long end = clock.millis();
        SteppedClock played = new SteppedClock(end - DAYS * DAY);
        try (Components c = Components.open(config, played)) {
            if (!c.orgs().isEmpty()) {
                return Optional.empty();
            }
            DemoData.Result demo = DemoData.create(c);
            try (Components.Server server = c.server()) {
                new DemoHistory(c, server, played, demo, end).play();
            }
            return Optional.of(demo);
        }
    }

    private void play() {
        String org = demo.org().id();
        c.workflows().update(org, demo.welcomeWorkflowId(), null, null, fields("""
                {"tracking":{"opens":true,"clicks":true}}"""));
        c.workflows().create(org, "Trial conversion", WorkflowStatus.ACTIVE, DemoData.array("""
                [{"type":"SEND_EMAIL","subject":"Your trial has started, {{firstName|there}}",
                  "body":"<p>Build your first workflow in five minutes: <a href=\\"https://example.com/docs/first-workflow\\">here is how</a>.</p>"},
                 {"type":"DELAY","delayAmount":3,"delayUnit":"DAYS"},
                 {"type":"SEND_EMAIL","subject":"Halfway through your trial",
                  "body":"<p>Teams like yours pick the Pro plan: <a href=\\"https://example.com/pricing\\">see the plans</a>.</p>"},
                 {"type":"DELAY","delayAmount":4,"delayUnit":"DAYS"},
                 {"type":"SEND_EMAIL","subject":"Your trial ends today",
                  "body":"<p>Keep your workflows running: <a href=\\"https://example.com/pricing\\">choose a plan</a>.</p>"}]"""),
                fields("""
                {"trigger":{"type":"EVENT","eventName":"trial_started"},
                 "goals":[{"type":"EVENT","eventName":"purchased"}],
                 "tracking":{"opens":true,"clicks":true}}"""));
        server.subscriptions().create(org, new SubscriptionRepository.Fields(REFUSED_TARGET,
                List.of("enrollment.completed", "contact.unsubscribed"), "Demo: a loopback target this server refuses "
                + "to call, so every delivery fails; point it at your own URL"));
        long start = clock.millis();
        // the organization's first contacts got the welcome emails in the month's first days
        for (String contact : demo.contactIds().subList(0, DemoData.CONTACTS * 4 / 5)) {
            at(start + random.nextLong(3 * DAY), () -> c.enrollments().enroll(org, contact, demo.welcomeWorkflowId()));
        }
        for (int day = 0; day < DAYS; day++) {
            int signups = 3 + random.nextInt(5);
            for (int i = 0; i < signups; i++) {
                at(start + day * DAY + random.nextLong(DAY), this::signup);
            }
        }
        for (long round = start + ROUND; ; round = Math.min(round + ROUND, end)) {
            while (!queue.isEmpty() && queue.peek().at() <= round) {
                Timed next = queue.poll();
                clock.advanceTo(next.at());
                next.action().run();
            }
            clock.advanceTo(round);
            runEngine();
            if (round == end) {
                return;
            }
        }
    }

    /** A new contact: enrolled in the welcome emails, browses the site, and maybe starts a trial and buys. */
    private void signup() {
        String org = demo.org().id();
        Contact contact = c.contacts().create(org, ContactChanges.parse(new JsonFields(
                DemoData.person(people++), ""), true));
        c.enrollments().enroll(org, contact.id(), demo.welcomeWorkflowId());
        for (int views = random.nextInt(2); views > 0; views--) {
            String page = PAGES[random.nextInt(PAGES.length)];
            at(clock.millis() + random.nextLong(3 * DAY), () -> event(contact, "page_viewed", Json.createObjectBuilder()
                    .add("path", page).build()));
        }
        if (random.nextInt(100) < 45) {
            boolean buys = random.nextInt(100) < 35;
            long buyAfter = DAY + random.nextLong(6 * DAY);
            at(clock.millis() + HOUR + random.nextLong(2 * DAY), () -> {
                event(contact, "trial_started", Json.createObjectBuilder().add("plan", "pro").build());
                if (buys) {
                    at(clock.millis() + buyAfter, () -> event(contact, "purchased", Json.createObjectBuilder()
                            .add("plan", "pro").add("amount", 49).build()));
                }
            });
        }
        if (people % 97 == 0) {
            at(clock.millis() + 4 * DAY, () -> c.suppressions().unsubscribe(org, contact.email(),
                    "asked to stop by reply", "demo"));
        }
    }

    private void event(Contact contact, String name, JsonObject properties) {
        server.events().record(demo.org().id(), NewEvent.parse(new JsonFields(Json.createObjectBuilder()
                .add("contactId", contact.id()).add("name", name).add("properties", properties).build(), "")));
    }

    /** The engine's and the outbox's rounds until nothing is due; the emails sent now get their opens and clicks. */
    private void runEngine() {
        int ran = 0;
        for (int n = server.engine().tick(); n > 0; n = server.engine().tick()) {
            ran += n;
        }
        if (ran == 0) {
            // only steps queue emails here: with none run, the outbox has nothing new (and a round is a write)
            return;
        }
        int sent = 0;
        for (int n = server.outbox().deliverDue(); n > 0; n = server.outbox().deliverDue()) {
            sent += n;
        }
        if (sent > 0) {
            readers(clock.millis());
        }
    }

    /** Who opens and clicks the emails sent at {@code now}: decided per message, so the order read does not matter. */
    private void readers(long now) {
        for (int page = 1; ; page++) {
            List<Message> messages = c.messages().list(demo.org().id(), null, MessageStatus.SENT,
                    new PageRequest(page, 100)).messages();
            for (Message m : messages) {
                if (m.createdAt() < now) {
                    return;
                }
                Random reader = new Random(SEED ^ (m.to() + m.subject()).hashCode());
                if (reader.nextInt(100) < 45) {
                    long openAt = now + 10 * 60_000 + reader.nextLong(DAY);
                    boolean clicks = !m.ownLinks().isEmpty() && reader.nextInt(100) < 40;
                    long clickAfter = 60_000 + reader.nextLong(20 * 60_000);
                    at(openAt, () -> server.tracking().find(m.id()).ifPresent(t -> {
                        server.tracking().opened(t, READER);
                        if (clicks) {
                            at(clock.millis() + clickAfter, () -> server.tracking().clicked(t,
                                    m.ownLinks().getFirst(), READER));
                        }
                    }));
                }
            }
            if (messages.size() < 100) {
                return;
            }
        }
    }

    /** Runs an action at a time of the month; one after its end never happens. */
    private void at(long time, Runnable action) {
        if (time <= end) {
            queue.add(new Timed(time, seq++, action));
        }
    }

    private static JsonFields fields(String json) {
        try (var reader = Json.createReader(new java.io.StringReader(json))) {
            return new JsonFields(reader.readObject(), "");
        }
    }
}
