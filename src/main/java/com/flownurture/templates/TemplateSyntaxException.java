package com.flownurture.templates;

/**
 * A template refused when it is saved: a Liquid syntax error, a tag or filter the sandbox does not offer, or a
 * snippet that does not exist. The message names the line and column (both from 1), which the API returns as a 400.
 */
public final class TemplateSyntaxException extends RuntimeException {

    private final int line;
    private final int column;

    public TemplateSyntaxException(String problem, int line, int column) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
