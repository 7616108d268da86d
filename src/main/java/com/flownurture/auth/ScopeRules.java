package com.flownurture.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.flownurture.http.ApiRoutes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The scope-to-route rules of {@code config/scopes.yaml}. Immutable and thread-safe once loaded.
 *
 * <p>A request matches a rule when its method is the rule's and its path has the rule's segments, a
 * {@code {name}} segment matching any one non-empty segment.
 */
public final class ScopeRules {

    /** One rule: a method, a path template and the scopes it needs (all of them). */
    public record Rule(String method, String path, List<String> segments, Set<String> scopes) {
    }

    /** What a request matched. */
    public sealed interface Match {
        /** A rule matched: these scopes are needed. */
        record Allowed(Rule rule) implements Match {
        }

        /** The path is a route, but not for this method. */
        record WrongMethod(Set<String> allowedMethods) implements Match {
        }

        /** No rule knows this path: refused. */
        record Unknown() implements Match {
        }
    }

    private final List<Rule> rules;

    private ScopeRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Loads the rules from the file, or from the copy inside the jar when the file does not exist.
     *
     * @throws IllegalStateException for a malformed rule or an unknown scope
     */
    public static ScopeRules load(Path file) {
        Config yaml = Files.isRegularFile(file)
                ? Config.just(ConfigSources.file(file))
                : Config.just(ConfigSources.classpath("scopes.yaml"));
        List<Rule> rules = new ArrayList<>();
        for (Config node : yaml.get("rules").asNodeList().orElse(List.of())) {
            rules.add(parse(node));
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException("no scope rules in " + file);
        }
        return new ScopeRules(rules);
    }

    /** Fails when a registered route has no rule of exactly its method and path. */
    public void requireCovered(List<ApiRoutes.Route> routes) {
        List<String> missing = new ArrayList<>();
        for (ApiRoutes.Route route : routes) {
            boolean covered = rules.stream().anyMatch(rule ->
                    rule.method().equals(route.method().text()) && normalize(rule.path()).equals(normalize(route.path())));
            if (!covered) {
                missing.add(route.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("routes without a scope rule: " + missing);
        }
    }

    /** Finds the rule for a request. */
    public Match match(String method, String rawPath) {
        List<String> segments = List.of(rawPath.split("/", -1));
        Set<String> methods = new TreeSet<>();
        for (Rule rule : rules) {
            if (pathMatches(rule.segments(), segments)) {
                if (rule.method().equals(method)) {
                    return new Match.Allowed(rule);
                }
                methods.add(rule.method());
            }
        }
        return methods.isEmpty() ? new Match.Unknown() : new Match.WrongMethod(methods);
    }

    private static boolean pathMatches(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            String actual = segments.get(i);
            boolean parameter = expected.startsWith("{") && expected.endsWith("}");
            if (parameter ? actual.isEmpty() : !expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    private static Rule parse(Config node) {
        String route = node.get("route").asString().orElseThrow(() ->
                new IllegalStateException("scope rule without route: " + node.key()));
        String[] parts = route.strip().split(" +");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalStateException("scope rule route must be 'METHOD /path': " + route);
        }
        Config scopeNode = node.get("scope");
        List<String> scopes = scopeNode.isLeaf()
                ? scopeNode.asString().map(List::of).orElse(List.of())
                : scopeNode.asList(String.class).orElse(List.of());
        if (scopes.isEmpty()) {
            throw new IllegalStateException("scope rule without scope: " + route);
        }
        for (String scope : scopes) {
            if (!Scopes.isKnown(scope)) {
                throw new IllegalStateException("scope rule " + route + " names unknown scope " + scope);
            }
        }
        return new Rule(parts[0].toUpperCase(java.util.Locale.ROOT), parts[1],
                List.of(parts[1].split("/", -1)), Set.copyOf(scopes));
    }

    private static String normalize(String template) {
        return template.replaceAll("\\{[^}/]+}", "{}");
    }
}
