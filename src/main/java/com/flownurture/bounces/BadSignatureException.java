package com.flownurture.bounces;

/** A bounce webhook post that is unsigned, badly signed, stale, or for a provider that is not configured: a 401. */
public final class BadSignatureException extends RuntimeException {

    public BadSignatureException(String message) {
        super(message);
    }
}
