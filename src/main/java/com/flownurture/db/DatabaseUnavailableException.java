package com.flownurture.db;

/** The database cannot serve right now (locked, read-only, full); the request may be retried later. */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
