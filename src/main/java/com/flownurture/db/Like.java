package com.flownurture.db;

/** LIKE patterns that take the user's text literally ({@code ESCAPE '\'} in the SQL). */
public final class Like {

    private Like() {
    }

    /** {@code %text%} with LIKE's wildcards escaped. */
    public static String contains(String text) {
        return "%" + escape(text) + "%";
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
