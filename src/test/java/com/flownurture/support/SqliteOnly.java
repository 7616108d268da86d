package com.flownurture.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class or method that runs only on the SQLite pass: skipped, with {@link #value} as the reason, when
 * {@code FLOWNURTURE_TEST_DATABASE_URL} names a PostgreSQL server ({@link TestDatabases#postgres()}).
 *
 * <pre>{@code @SqliteOnly("reads the SQLite file's bytes")}</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BackendCondition.class)
public @interface SqliteOnly {

    /** Why the test cannot or need not run on PostgreSQL. */
    String value();
}
