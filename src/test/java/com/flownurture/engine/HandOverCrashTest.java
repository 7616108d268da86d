package com.flownurture.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.flownurture.app.Components;
import com.flownurture.auth.Scopes;
import com.flownurture.config.ConfigLoader;
import com.flownurture.messages.MessageRepository;
import com.flownurture.support.Api;
import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.ServerDb;
import com.flownurture.support.ServerProcess;
import com.flownurture.support.Smtp;
import com.flownurture.support.StallingSmtp;
import com.flownurture.support.StallingSmtp.Stop;
import com.flownurture.support.TestDatabases;
import com.flownurture.workflows.WorkflowStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one uncertain moment of an email is after SMTP's final dot and before it is marked SENT. A server JVM sending
 * one email to an SMTP server that stops at a chosen point is SIGKILLed there (its lease is 60 s, so only the
 * takeover of the dead instance's claims recovers it), then restarted against GreenMail: killed before the hand-over,
 * the email is sent again, once, with the same Message-ID; killed after it, it is failed as uncertain and not sent.
 */
class HandOverCrashTest {

    /** The organization's key and its one-email workflow, made by {@link #startSendingOneEmailTo}. */
    private String key;
    private String workflow;

    @TempDir
    Path dir;

    @Test
    void killedBeforeTheHandOverTheEmailIsSentAgainExactlyOnce() throws Exception {
        Smtp greenMail = Smtp.started();
        try {
            String messageId = killAt(Stop.AT_DATA_COMMAND, false);
            restartSendingTo(greenMail, "SENT");
            assertEquals(1, greenMail.getReceivedMessages().length, "sent again, once");
            assertEquals(messageId, greenMail.getReceivedMessages()[0].getMessageID(), "with the same Message-ID");
            assertEquals(2, stored().count("SELECT attempts FROM messages"), "the interrupted attempt counts");
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void killedAfterTheHandOverTheEmailIsFailedAsUncertainAndNotSentAgain() throws Exception {
        Smtp greenMail = Smtp.started();
        try {
            String uncertain = killAt(Stop.AFTER_FINAL_DOT, true);
            restartSendingTo(greenMail, "FAILED", api -> {
                assertEquals(MessageRepository.UNCERTAIN, stored().text("SELECT error FROM messages"));
                // A later email, sent by the same outbox in queue order: once it has arrived, a round has passed
                // over the failed one, and would have sent it again before this one.
                enroll(api, "later@example.com");
                Await.until(Duration.ofSeconds(20), "the later email", () -> greenMail.getReceivedMessages().length > 0);
                Await.until(Duration.ofSeconds(20), "the later email recorded", () -> stored().count(
                        "SELECT COUNT(*) FROM messages WHERE status = 'SENT'") == 1);
            });
            assertEquals(1, greenMail.getReceivedMessages().length, "only the later email, not the uncertain again");
            assertNotEquals(uncertain, greenMail.getReceivedMessages()[0].getMessageID());
            assertEquals("FAILED", stored().text("SELECT status FROM messages WHERE message_id = ?", uncertain));
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void aConnectionLostAfterTheFinalDotIsUncertainNotRetried() throws Exception {
        try (StallingSmtp smtp = new StallingSmtp(Stop.CLOSE_AFTER_FINAL_DOT)) {
            Process server = startSendingOneEmailTo(smtp.port());
            try {
                Await.until(Duration.ofSeconds(20), "the message failed",
                        () -> "FAILED".equals(stored().text("SELECT status FROM messages")));
                assertTrue(stored().text("SELECT error FROM messages").startsWith("Delivery uncertain"));
                assertEquals(1, stored().count("SELECT attempts FROM messages"), "no second attempt");
            } finally {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends one email to a server that stops at {@code stop}, SIGKILLs the sender there; returns its Message-ID. */
    private String killAt(Stop stop, boolean handedOver) throws Exception {
        try (StallingSmtp smtp = new StallingSmtp(stop)) {
            Process server = startSendingOneEmailTo(smtp.port());
            try {
                assertTrue(smtp.awaitStop(Duration.ofSeconds(20)), "the conversation reached " + stop);
                assertEquals("SENDING", stored().text("SELECT status FROM messages"));
                if (handedOver) {
                    assertNotNull(stored().text("SELECT handed_over_at FROM messages"), "the hand-over recorded first");
                } else {
                    assertNull(stored().text("SELECT handed_over_at FROM messages"), "not handed over yet");
                }
            } finally {
                server.destroyForcibly(); // SIGKILL
                assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            }
            return stored().text("SELECT message_id FROM messages");
        }
    }

    /** Restarts the server with GreenMail as its relay and waits for the message to reach {@code status}. */
    private void restartSendingTo(Smtp greenMail, String status) throws Exception {
        restartSendingTo(greenMail, status, api -> { });
    }

    /** The same, then runs {@code meanwhile} against the running server before it is killed. */
    private void restartSendingTo(Smtp greenMail, String status, WhileRunning meanwhile) throws Exception {
        writeConfig(greenMail.getSmtp().getPort());
        Process server = start();
        try {
            Api api = new Http(ServerProcess.awaitUrl(server)[0]).api(key);
            Await.until(Duration.ofSeconds(20), "the message " + status,
                    () -> status.equals(stored().text("SELECT status FROM messages")));
            meanwhile.accept(api);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sets up an organization with a one-email workflow, starts the server and enrolls one contact. */
    private Process startSendingOneEmailTo(int smtpPort) throws Exception {
        writeConfig(smtpPort);
        String db = TestDatabases.postgres() ? "database.url" : "database.path";
        try (Components c = Components.open(ConfigLoader.load(dir.resolve("handover.yaml"), Map.of(db, database()),
                Map.of()), Clock.systemUTC())) {
            String org = c.orgs().create("Hand-over").id();
            key = c.keys().create(org, "handover", Scopes.ALL).secret();
            workflow = c.workflows().create(org, "One email", WorkflowStatus.ACTIVE,
                    arr(obj("type", "SEND_EMAIL", "subject", "Hello", "body", "b"))).id();
        }
        Process server = start();
        enroll(new Http(ServerProcess.awaitUrl(server)[0]).api(key), "handover@example.com");
        return server;
    }

    /** What a test does against the restarted server before it is killed. */
    private interface WhileRunning {
        void accept(Api api) throws Exception;
    }

    /** Creates a contact and enrolls it in the one-email workflow. */
    private void enroll(Api api, String email) {
        api.enroll(api.createContact(email), workflow);
    }

    private void writeConfig(int smtpPort) throws Exception {
        Files.writeString(dir.resolve("handover.yaml"), """
                rate-limit: {requests-per-minute: 1000000}
                mail: {host: 127.0.0.1, port: %d, security: NONE}
                engine: {tick-ms: 20, lease-seconds: 60}
                """.formatted(smtpPort));
    }

    private Process start() throws Exception {
        return ServerProcess.start(ServerProcess.onClasspath(), database(), ProcessBuilder.Redirect.DISCARD,
                "--config", dir.resolve("handover.yaml").toString());
    }

    /** The server's database: its SQLite file, or on the PostgreSQL pass a database of its own. */
    private String database() {
        return TestDatabases.postgres() ? TestDatabases.urlFor(dir) : dir.resolve("handover.db").toString();
    }

    /** The server's database, read from outside it. */
    private ServerDb stored() {
        return new ServerDb(TestDatabases.postgres() ? database() : "jdbc:sqlite:" + database());
    }
}
