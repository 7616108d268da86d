package com.flownurture.db;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where reads run: the {@link Database} itself (its reader pool, each read in autocommit), a group of reads on one
 * reader ({@link Database#read}), or a write's transaction ({@link Tx}), which sees its own writes. A method that
 * reads for both takes a {@code Reads}.
 */
public interface Reads {

    /**
     * Runs a read statement and maps each row.
     *
     * @param params a value for each {@code :name} of the statement (see {@link Params#of})
     */
    <T> List<T> list(Statement statement, Map<String, ?> params, Function<Row, T> mapper);

    /** Runs a read statement and maps its first row; empty when there is none or the mapper gives null. */
    <T> Optional<T> one(Statement statement, Map<String, ?> params, Function<Row, T> mapper);

    /** Whether a read statement finds any row. */
    default boolean exists(Statement statement, Map<String, ?> params) {
        return one(statement, params, row -> Boolean.TRUE).isPresent();
    }
}
