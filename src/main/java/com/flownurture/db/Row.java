package com.flownurture.db;

/**
 * One row of a result, its columns by label, however it was read. Typed reads of nullable columns: sqlite-jdbc
 * returns Integer or Long for INTEGER, so numbers go through Number; a condition selected as a column is 0 or 1 on
 * SQLite and a boolean on PostgreSQL, so a boolean reads as 0 or 1.
 */
@FunctionalInterface
public interface Row {

    /** The column's value, or null; an unknown column is a programming error and throws. */
    Object get(String column);

    /** A text column, or null. */
    default String string(String column) {
        Object value = get(column);
        return value == null ? null : value.toString();
    }

    /** An integer column; 0 when null. */
    default long longValue(String column) {
        Object value = get(column);
        return value == null ? 0 : number(value);
    }

    /** An integer column, or null. */
    default Long nullableLong(String column) {
        Object value = get(column);
        return value == null ? null : number(value);
    }

    /** A condition or flag column: true for a non-zero number or {@code true}; false when null. */
    default boolean bool(String column) {
        return longValue(column) != 0;
    }

    private static long number(Object value) {
        return value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue();
    }
}
