package com.flownurture.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class or method that runs only on the PostgreSQL pass, when {@code FLOWNURTURE_TEST_DATABASE_URL} names a
 * server ({@link TestDatabases#postgres()}): skipped on SQLite with {@link #value} as the reason.
 *
 * <pre>{@code @PostgresOnly("several instances share one database only on PostgreSQL")}</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BackendCondition.class)
public @interface PostgresOnly {

    /** Why the test cannot or need not run on SQLite. */
    String value();
}
