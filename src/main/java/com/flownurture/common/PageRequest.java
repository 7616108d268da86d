package com.flownurture.common;

/**
 * One page of a list: {@code page} counts from 1, {@code limit} is the page's size. Repositories take it; the
 * HTTP layer reads it from the query and validates its bounds.
 */
public record PageRequest(int page, int limit) {

    /** Rows to skip. */
    public long offset() {
        return (long) (page - 1) * limit;
    }
}
