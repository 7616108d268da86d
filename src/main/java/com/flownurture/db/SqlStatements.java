package com.flownurture.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.helidon.dbclient.DbStatements;

/**
 * The named SQL statements of {@code sql/<feature>.sql}. Each statement starts with {@code -- name: the-name},
 * followed by a one-line comment, and ends at the next name. Parameters are {@code :name}.
 */
public final class SqlStatements {

    /** The statement files, one per feature. */
    static final List<String> FILES = List.of(
            "orgs", "keys", "contacts", "tags", "workflows", "segments", "enrollments", "messages", "idempotency",
            "suppressions", "events", "webhooks", "users", "dashboard");

    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):[a-zA-Z][a-zA-Z0-9_]*");

    private final Map<String, String> statements;
    private final Map<String, Jdbc> jdbc = new ConcurrentHashMap<>();

    private SqlStatements(Map<String, String> statements) {
        this.statements = statements;
    }

    /** A statement in JDBC form: {@code ?} placeholders and the parameter name of each, in order. */
    record Jdbc(String sql, List<String> parameters) {
    }

    /** The JDBC form of a named statement, converted once. */
    Jdbc jdbc(String name) {
        return jdbc.computeIfAbsent(name, n -> {
            String sql = sql(n);
            List<String> parameters = new ArrayList<>();
            Matcher matcher = NAMED_PARAMETER.matcher(sql);
            while (matcher.find()) {
                parameters.add(matcher.group().substring(1));
            }
            return new Jdbc(matcher.replaceAll("?"), List.copyOf(parameters));
        });
    }

    /** Loads every statement file from the classpath; a duplicate name or an empty statement stops start-up. */
    public static SqlStatements load() {
        Map<String, String> all = new LinkedHashMap<>();
        for (String file : FILES) {
            parse("sql/" + file + ".sql", all);
        }
        return new SqlStatements(all);
    }

    /** The SQL of one statement. */
    public String sql(String name) {
        String sql = statements.get(name);
        if (sql == null) {
            throw new IllegalStateException("no SQL statement named " + name);
        }
        return sql;
    }

    /** Prepares every statement once, so a broken one stops start-up instead of failing a request. */
    void check(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            for (String name : statements.keySet()) {
                try {
                    connection.prepareStatement(jdbc(name).sql()).close();
                } catch (SQLException e) {
                    throw new IllegalStateException("SQL statement " + name + " is broken: " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check SQL statements", e);
        }
    }

    DbStatements toDbStatements() {
        DbStatements.Builder builder = DbStatements.builder();
        statements.forEach(builder::addStatement);
        return builder.build();
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
