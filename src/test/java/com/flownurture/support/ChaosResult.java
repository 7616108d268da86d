package com.flownurture.support;

import java.util.List;

/**
 * What a {@link Chaos} run did, and what the database and the SMTP sink say about it: {@code interrupted} counts the
 * messages failed as uncertain (a kill after their hand-over to SMTP), {@code sentAgain} the ones a kill interrupted
 * before it, sent again. Immutable.
 */
public record ChaosResult(Chaos.Plan plan, long finishMs, List<Kill> kills, long enrollments, long completed,
                          long stepsTwice, long queued, long sent, long interrupted, long sentAgain,
                          long otherwise, long received,
                          long receivedTwice, long sentNotReceived, long strangers, long interruptedReceived) {

    /**
     * One SIGKILL: which instance, when (ms after the start), the enrollment claims and SENDING messages it held,
     * and how long after the kill its instance row was forgotten, its work was held by others (or finished), and
     * its replacement was serving.
     */
    public record Kill(int instance, long atMs, int claimsHeld, int sendingHeld, long forgottenMs, long takenOverMs,
                       long restartedMs) {
    }

    /** Every enrollment completed, no step ran twice, no email arrived twice, every SENT email arrived. */
    public boolean exactlyOnce() {
        return enrollments == plan.enrollments() && completed == enrollments && stepsTwice == 0
                && queued == (long) plan.emailsPerEnrollment() * enrollments && receivedTwice == 0
                && sentNotReceived == 0 && strangers == 0 && otherwise == 0 && interrupted <= kills.size();
    }

    /** The figures as Markdown. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| check | result |\n|---|---|\n");
        row(md, "enrollments (one per contact) / COMPLETED", enrollments + " / " + completed);
        row(md, "steps run twice (enrollment_history, same enrollment and step)", stepsTwice);
        row(md, "emails queued (expected " + (long) plan.emailsPerEnrollment() * plan.enrollments() + ")", queued);
        row(md, "SENT / FAILED as uncertain (killed after the hand-over) / other states", sent + " / " + interrupted
                + " / " + otherwise);
        row(md, "interrupted before the hand-over, sent again (SENT at a later attempt)", sentAgain);
        row(md, "received at the sink / distinct Message-IDs received twice", received + " / " + receivedTwice);
        row(md, "SENT but not received / received but not in the outbox", sentNotReceived + " / " + strangers);
        row(md, "uncertain ones that had arrived nonetheless", interruptedReceived);
        row(md, "time to finish (first enrollment to the last email)", String.format("%.1f s", finishMs / 1e3));
        row(md, "exactly once", exactlyOnce() ? "yes" : "**NO**");
        md.append("\n| kill | instance | at | claims held | SENDING held | instance forgotten | work taken over "
                + "| replacement serving |\n|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < kills.size(); i++) {
            Kill k = kills.get(i);
            md.append(String.format("| %d | %d | %.1f s | %d | %d | %.2f s | %.2f s | %.2f s |%n", i + 1,
                    k.instance() + 1, k.atMs() / 1e3, k.claimsHeld(), k.sendingHeld(), k.forgottenMs() / 1e3,
                    k.takenOverMs() / 1e3, k.restartedMs() / 1e3));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String check, Object value) {
        md.append("| ").append(check).append(" | ").append(value).append(" |\n");
    }
}
