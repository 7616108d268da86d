package com.flownurture.app;

import java.nio.file.Path;
import java.time.Duration;

import com.flownurture.support.Chaos;
import com.flownurture.support.ChaosResult;
import com.flownurture.support.PostgresOnly;
import com.flownurture.support.ServerProcess;
import com.flownurture.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly once under failure, short: three server processes on one database while contacts are enrolled through
 * the API, one SIGKILLed and restarted twice. Every enrollment completes, no step runs twice, no email arrives twice,
 * and every email marked SENT arrived. ({@code ./run.sh chaos} is the full-size run.)
 */
@PostgresOnly("several processes share one database only on PostgreSQL; on SQLite one process owns the "
        + "file, and CrashTest kills and restarts it")
class ExactlyOnceTest {

    @TempDir
    Path dir;

    @Test
    void threeInstancesKilledInTurnRunEveryStepAndSendEveryEmailOnce() throws Exception {
        // The mail rate stretches the sending over the kills, so they strike work in progress.
        Chaos.Plan plan = new Chaos.Plan(TestDatabases.urlFor(dir), dir, ServerProcess.onClasspath(), 3, 300, 2,
                Duration.ofSeconds(3), """
                [{"type":"SEND_EMAIL","subject":"One {{email}}","body":"1"},
                 {"type":"UPDATE_CONTACT","fields":{"lifecycleStage":"MQL"}},
                 {"type":"SEND_EMAIL","subject":"Two {{email}}","body":"2"}]""", 40);
        ChaosResult result = Chaos.run(plan);
        System.out.print("exactly once:\n" + result.markdown());
        assertEquals(300, result.enrollments(), "one enrollment per contact, despite retries on another instance");
        assertEquals(300, result.completed());
        assertEquals(0, result.stepsTwice(), "no step ran twice");
        assertEquals(600, result.queued(), "one email per SEND_EMAIL step");
        assertEquals(0, result.receivedTwice(), "no email arrived twice");
        assertEquals(0, result.sentNotReceived(), "every SENT email arrived");
        assertEquals(0, result.strangers());
        // A kill between a message's hand-over to SMTP and its SENT leaves it uncertain: FAILED, never sent again;
        // one killed before the hand-over is sent again.
        assertEquals(0, result.otherwise());
        assertTrue(result.interrupted() <= 2, "at most one uncertain message per kill: " + result.interrupted());
        for (ChaosResult.Kill kill : result.kills()) {
            // Forgotten within a heartbeat or two (on one host the survivors see the process is gone), and its work
            // taken over long before its 60 s lease; how soon after that depends on how loaded the survivors are.
            assertTrue(kill.forgottenMs() >= 0 && kill.forgottenMs() < 7000, "dead instance forgotten: " + kill);
            assertTrue(kill.takenOverMs() >= 0 && kill.takenOverMs() < 30_000, "its work taken over: " + kill);
        }
    }
}
