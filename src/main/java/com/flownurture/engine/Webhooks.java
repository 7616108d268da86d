package com.flownurture.engine;

import com.flownurture.common.TargetPolicy;

/**
 * What both webhook senders (the WEBHOOK step and {@code webhooks/WebhookSender}) record of a failed call; they sign
 * through {@code common/WebhookSignature}.
 */
public final class Webhooks {

    private Webhooks() {
    }

    /**
     * A failed call as recorded for the key holder: the exception's kind and message, except for a refused target,
     * which is only named as such (what its name resolved to is none of the key holder's business).
     */
    public static String failure(Exception error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TargetPolicy.RefusedException) {
                return TargetPolicy.RefusedException.MESSAGE;
            }
        }
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
