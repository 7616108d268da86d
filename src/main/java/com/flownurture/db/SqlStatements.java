package com.flownurture.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;


/**
 * The named SQL statements of {@code sql/<feature>.sql}. Each statement starts with {@code -- name: the-name},
 * followed by a one-line comment, and ends at the next name. Parameters are {@code :name}.
 *
 * <p>Statements are written once for both databases. Where a dialect needs other SQL, its folder
 * ({@code sql/postgres/<feature>.sql}) holds a statement of the same name that replaces the common one; a
 * replacement without a common statement of its name stops start-up, so the two cannot drift apart by name.
 */
public final class SqlStatements {

    /** The statement files, one per feature. */
    static final List<String> FILES = List.of(
            "orgs", "auth", "contacts", "tags", "workflows", "segments", "enrollments", "messages", "idempotency",
            "suppressions", "events", "webhooks", "ratelimit", "users", "instances", "consent",
            "tracking", "bounces", "secrets");

    private final Map<String, Statement> compiled = new LinkedHashMap<>();

    private SqlStatements(Map<String, String> statements) {
        statements.forEach((name, sql) -> compiled.put(name, new Statement(name, sql)));
    }

    /** Every statement's name, in file order. */
    Set<String> names() {
        return compiled.keySet();
    }

    /**
     * A statement by name.
     *
     * @throws IllegalStateException when there is none: a misspelt name stops start-up
     */
    Statement statement(String name) {
        Statement statement = compiled.get(name);
        if (statement == null) {
            throw new IllegalStateException("no SQL statement named " + name);
        }
        return statement;
    }

    /**
     * Loads every statement file from the classpath, then the dialect's replacements; a duplicate name, an empty
     * statement or a replacement of nothing stops start-up.
     */
    public static SqlStatements load(Dialect dialect) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String file : FILES) {
            parse("sql/" + file + ".sql", all);
        }
        for (String file : FILES) {
            String resource = "sql/" + dialect.folder() + "/" + file + ".sql";
            if (SqlStatements.class.getClassLoader().getResource(resource) == null) {
                continue;
            }
            Map<String, String> replacements = new LinkedHashMap<>();
            parse(resource, replacements);
            replacements.forEach((name, sql) -> {
                if (all.replace(name, sql) == null) {
                    throw new IllegalStateException(resource + ": " + name + " replaces no common statement");
                }
            });
        }
        return new SqlStatements(all);
    }

    /**
     * Prepares every statement once, so a broken one stops start-up instead of failing a request. Asking for the
     * parameters makes pgjdbc, which otherwise prepares lazily, have the server parse and type the statement.
     */
    void check(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            for (String name : compiled.keySet()) {
                try (var statement = connection.prepareStatement(statement(name).jdbc())) {
                    statement.getParameterMetaData();
                } catch (SQLException e) {
                    throw new IllegalStateException("SQL statement " + name + " is broken: " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check SQL statements", e);
        }
    }

    private static void parse(String resource, Map<String, String> into) {
        InputStream in = SqlStatements.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing SQL resource " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder sql = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (trimmed.startsWith("-- name:")) {
                    add(resource, name, sql, into);
                    name = trimmed.substring("-- name:".length()).strip();
                    sql.setLength(0);
                } else if (!trimmed.startsWith("--") && !trimmed.isEmpty()) {
                    sql.append(line).append('\n');
                }
            }
            add(resource, name, sql, into);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static void add(String resource, String name, StringBuilder sql, Map<String, String> into) {
        if (name == null) {
            return;
        }
        String text = sql.toString().strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new IllegalStateException(resource + ": statement " + name + " is empty");
        }
        if (into.putIfAbsent(name, text) != null) {
            throw new IllegalStateException(resource + ": statement " + name + " is defined twice");
        }
    }
}
