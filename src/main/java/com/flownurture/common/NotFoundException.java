package com.flownurture.common;

/**
 * The resource does not exist in the caller's organization. Another organization's resource is reported exactly
 * like a missing one, so its existence is never revealed.
 */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
