package com.flownurture.common;

/** The request clashes with the current state: a duplicate, a resource in use, a finished enrollment. */
public final class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
