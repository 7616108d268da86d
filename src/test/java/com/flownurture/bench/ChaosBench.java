package com.flownurture.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.flownurture.support.Chaos;
import com.flownurture.support.ChaosResult;

/**
 * Exactly-once under failure, at full size (not a test): 3 instances of the built jar on one PostgreSQL, 10,000
 * enrollments made through the API of a SEND_EMAIL, DELAY 1 minute, SEND_EMAIL workflow, one instance SIGKILLed
 * every 10 s and restarted, 5 times; SMTP to a GreenMail sink that counts. Prints a Markdown table and exits 1
 * unless every enrollment completed, no step ran twice and no email arrived twice. Run with
 * {@code ./run.sh chaos [ENROLLMENTS]} (bench/chaos.sh), which gives it the database URL and the jar.
 */
public final class ChaosBench {

    private ChaosBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path jar = Path.of(args[1]);
        int enrollments = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path dir = Files.createTempDirectory("flownurture-chaos");
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms96m", "-Xmx160m", "-Xmn80m", "-XX:+UseSerialGC", "-jar", jar.toString());
        Chaos.Plan plan = new Chaos.Plan(url, dir, java, 3, enrollments, 5, Duration.ofSeconds(10), """
                [{"type":"SEND_EMAIL","subject":"Welcome {{email}}","body":"Hello"},
                 {"type":"DELAY","delayAmount":1,"delayUnit":"MINUTES"},
                 {"type":"SEND_EMAIL","subject":"A minute later {{email}}","body":"Hello again"}]""", 2000);
        ChaosResult result = Chaos.run(plan);
        System.out.println("Workflow: SEND_EMAIL, DELAY 1 minute, SEND_EMAIL. " + plan.instances() + " instances, "
                + enrollments + " enrollments through the API (begun at 0 s), " + plan.kills()
                + " SIGKILLs every " + plan.killEvery().toSeconds() + " s, each instance restarted at once. "
                + "Server logs: " + dir);
        System.out.println();
        System.out.print(result.markdown());
        System.exit(result.exactlyOnce() ? 0 : 1);
    }
}
