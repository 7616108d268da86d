package com.flownurture.db;

import java.util.HashMap;
import java.util.Map;

/** The values of a statement's {@code :name} parameters. Unlike {@link Map#of}, a value may be null (SQL NULL). */
public final class Params {

    private Params() {
    }

    /**
     * The parameters from name and value pairs: {@code Params.of("org", orgId, "id", id)}.
     *
     * @throws IllegalArgumentException when the pairs are uneven or a name is not a string
     */
    public static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name and value pairs");
        }
        Map<String, Object> params = new HashMap<>(namesAndValues.length);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("parameter name expected at " + i + ": " + namesAndValues[i]);
            }
            params.put(name, namesAndValues[i + 1]);
        }
        return params;
    }
}
