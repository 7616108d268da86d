package com.flownurture.enrollments;

/**
 * What an executed step led to, as its entry in the enrollment's history records it (the {@code outcome} column and
 * the API's {@code outcome}, by name). The engine's handlers pick one per step type (see {@code docs/engine.md});
 * {@link #GOAL_REACHED} and {@link #EXITED} are the entries of a workflow's goal and exit rules.
 */
public enum StepOutcome {
    /** SEND_EMAIL: the message is in the outbox. */
    QUEUED,
    /** DELAY, WAIT_FOR_EVENT: waiting until a time or an event. */
    WAITING,
    /** A tag or contact change was made. */
    DONE,
    /** The change could not apply (the tag was deleted). */
    SKIPPED,
    /** CONDITION: the contact is in the segment. */
    MATCHED,
    /** CONDITION: the contact is not in the segment. */
    NOT_MATCHED,
    /** WEBHOOK: the receiver answered 2xx. */
    DELIVERED,
    /** WEBHOOK: the attempt failed and is tried again later. */
    RETRY,
    /** The step failed for good; so does the enrollment. */
    FAILED,
    /** WAIT_FOR_EVENT: the event arrived. */
    EVENT_RECEIVED,
    /** WAIT_FOR_EVENT: the timeout came first. */
    TIMED_OUT,
    /** A goal rule completed the enrollment. */
    GOAL_REACHED,
    /** An exit rule ended the enrollment. */
    EXITED;

    /** Whether the step failed or is to be retried (counted as a step failure in the metrics). */
    public boolean failed() {
        return switch (this) {
            case FAILED, RETRY -> true;
            case QUEUED, WAITING, DONE, SKIPPED, MATCHED, NOT_MATCHED, DELIVERED, EVENT_RECEIVED, TIMED_OUT,
                 GOAL_REACHED, EXITED -> false;
        };
    }
}
