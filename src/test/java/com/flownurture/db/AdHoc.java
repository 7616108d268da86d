package com.flownurture.db;

/**
 * Statements written in a test, for checks the features' statements do not make (counting rows of a table,
 * reading a column a feature never returns). Tests only: the server runs only the named statements of
 * {@code sql/*.sql}. Run them like any other: {@code db.one(AdHoc.sql("SELECT ... WHERE id = :id"), params, row -> ...)}.
 */
public final class AdHoc {

    private AdHoc() {
    }

    /** A statement of this SQL, with {@code :name} parameters. */
    public static Statement sql(String sql) {
        return new Statement("ad hoc", sql);
    }
}
