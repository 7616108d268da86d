package com.flownurture.common;

/** Input that breaks a rule; the message names the field and the rule. Nothing was changed. */
public final class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
