package com.flownurture.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named statement of {@code sql/<feature>.sql}, in JDBC form. Owners resolve theirs once, when they are built
 * ({@link Database#statement}), with the name as a literal: an unknown name stops start-up, and
 * {@code ArchitectureTest} finds every name in the sources to refuse unused statements and statements run by
 * another feature's package.
 */
public final class Statement {

    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):[a-zA-Z][a-zA-Z0-9_]*");

    private final String name;
    private final String named;
    private final String jdbc;
    private final List<String> parameters;

    Statement(String name, String named) {
        this.name = name;
        this.named = named;
        List<String> found = new ArrayList<>();
        Matcher matcher = NAMED_PARAMETER.matcher(named);
        while (matcher.find()) {
            found.add(matcher.group().substring(1));
        }
        this.jdbc = matcher.replaceAll("?");
        this.parameters = List.copyOf(found);
    }

    /** The statement's name in its {@code .sql} file. */
    public String name() {
        return name;
    }

    /** The SQL with {@code ?} placeholders. */
    String jdbc() {
        return jdbc;
    }

    /**
     * This statement with {@code marker} replaced by SQL built at run time (a compiled segment condition), whose
     * own {@code :name} parameters join the statement's. Only for SQL built from a fixed grammar, never from input:
     * every value still goes in as a parameter.
     *
     * @throws IllegalStateException when the statement has no such marker
     */
    public Statement completed(String marker, String condition) {
        if (!named.contains(marker)) {
            throw new IllegalStateException("statement " + name + " has no marker " + marker);
        }
        return new Statement(name, named.replace(marker, condition));
    }

    /**
     * The parameters' values in placeholder order.
     *
     * @throws IllegalArgumentException when a parameter has no value
     */
    List<Object> values(Map<String, ?> params) {
        List<Object> values = new ArrayList<>(parameters.size());
        for (String parameter : parameters) {
            if (!params.containsKey(parameter)) {
                throw new IllegalArgumentException("statement " + name + " needs :" + parameter);
            }
            values.add(params.get(parameter));
        }
        return values;
    }

    @Override
    public String toString() {
        return name;
    }
}
