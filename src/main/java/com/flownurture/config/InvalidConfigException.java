package com.flownurture.config;

/** A configuration the server refuses to start with: an unknown key, or a value of the wrong kind. Exit 2. */
public final class InvalidConfigException extends IllegalArgumentException {

    public InvalidConfigException(String message) {
        super(message);
    }
}
