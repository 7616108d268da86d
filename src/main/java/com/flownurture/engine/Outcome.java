package com.flownurture.engine;

import com.flownurture.enrollments.StepOutcome;

/**
 * What running a step leads to. A handler only decides; the runner applies the outcome in the step's transaction:
 * the history entry ({@code result} and {@code detail}) and the enrollment's move, guarded by the claim.
 */
sealed interface Outcome {

    /** The step is done; the step at {@code next} is due now. */
    record Advance(StepOutcome result, String detail, int next) implements Outcome {
    }

    /** The step is done; the step at {@code next} is due at {@code due} (a delay). */
    record WaitUntil(StepOutcome result, String detail, int next, long due) implements Outcome {
    }

    /** The enrollment is COMPLETED: no step is left (no history entry), or a step ended it. */
    record Complete(StepOutcome result, String detail) implements Outcome {
        /** After the last step. */
        static Complete lastStep() {
            return new Complete(null, null);
        }
    }

    /**
     * The step waits for an event until {@code timeout}; the step is tried again when an event of that name arrives
     * or at the timeout.
     *
     * @param since when the step was first reached
     */
    record WaitForEvent(StepOutcome result, String detail, String event, long since, long timeout) implements Outcome {
    }

    /** The enrollment ends EXITED. */
    record Exit(StepOutcome result, String detail) implements Outcome {
    }

    /** The enrollment ends FAILED with {@code error} as its last error. */
    record Fail(StepOutcome result, String detail, String error) implements Outcome {
    }

    /** The step is tried again at {@code at} ({@code detail} is kept as the last error). */
    record Retry(StepOutcome result, String detail, long at) implements Outcome {
    }

    /**
     * The step needs a transaction of its own (a webhook call outside the database, a contact update that may
     * conflict): the runner hands the enrollment to a worker, which keeps the claim.
     */
    record Alone() implements Outcome {
    }
}
