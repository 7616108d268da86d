package com.flownurture.support;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips what {@link SqliteOnly} or {@link PostgresOnly} keeps from this pass's backend, with the annotation's reason.
 * The same test as {@link TestDatabases#postgres()}, so a test and the servers it starts agree on the backend; the
 * reason never quotes the variable's value (a URL that may hold a password).
 */
final class BackendCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        boolean postgres = TestDatabases.postgres();
        Optional<SqliteOnly> sqlite = element.flatMap(e -> AnnotationSupport.findAnnotation(e, SqliteOnly.class));
        if (postgres && sqlite.isPresent()) {
            return ConditionEvaluationResult.disabled("SQLite only: " + sqlite.get().value());
        }
        Optional<PostgresOnly> pg = element.flatMap(e -> AnnotationSupport.findAnnotation(e, PostgresOnly.class));
        if (!postgres && pg.isPresent()) {
            return ConditionEvaluationResult.disabled("PostgreSQL only: " + pg.get().value());
        }
        return ConditionEvaluationResult.enabled(postgres ? "the PostgreSQL pass" : "the SQLite pass");
    }
}
