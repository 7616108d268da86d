package com.flownurture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package graph of {@code src/main}, read from the sources: every reference to {@code com.flownurture.<package>}
 * (imports, static imports, qualified names) is an edge. The packages are layered, lowest first:
 *
 * <ol>
 *   <li>{@code common} (exceptions, JSON, {@code PageRequest}), {@code config}, {@code templates} (Liquid email
 *       templates: rendering only, no storage)</li>
 *   <li>{@code db}, {@code ratelimit} (token buckets, in this process or shared in the database),
 *       {@code secrets} (the key that seals stored secrets), {@code instances} (this process and its
 *       heartbeat), {@code changes} (what writes publish),
 *       then {@code orgs}, {@code idempotency} (the responses kept per {@code Idempotency-Key})</li>
 *   <li>{@code http}, the outer edge's vocabulary, then {@code auth}, the filter built on it</li>
 *   <li>the features: {@code tags}, {@code contacts}, {@code events}, {@code segments}, {@code workflows},
 *       {@code suppressions}, {@code messages}, {@code bounces}, {@code enrollments}, then {@code triggers} (which
 *       workflows a write starts or ends), {@code users} (dashboard users and sessions), {@code tracking}
 *       (opens, clicks and the workflow stats)</li>
 *   <li>{@code engine}, {@code webhooks}, {@code observe} (metrics, readiness, the request log), then
 *       {@code dashboard} (the web pages, an outer edge like the API's
 *       services), {@code app} (wiring), {@code demo}, {@code cli}, and {@code Main}</li>
 * </ol>
 *
 * A package may use only packages listed before it, so the graph has no cycles and nothing imports upward.
 * Besides, only the HTTP services ({@code *Service}), the API filter ({@code auth}), {@code observe}, the dashboard
 * and {@code app} use {@code http}; and the long-lived objects are built in one place, {@code app/Components}.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/com/flownurture");

    private static final List<String> LAYERS = List.of(
            "common", "config", "templates", "db", "ratelimit", "secrets", "instances", "changes", "orgs",
            "idempotency", "http", "auth",
            "tags", "contacts", "events", "segments", "workflows", "suppressions", "messages", "bounces", "consent",
            "enrollments", "triggers", "users", "tracking", "engine", "webhooks", "observe", "dashboard", "app", "demo", "cli", "");

    private static final Pattern REFERENCE = Pattern.compile("\\bcom\\.flownurture\\.([a-z]+)\\.");

    private static final Set<String> HTTP_USERS = Set.of("http", "auth", "observe", "dashboard", "app");

    /** The composition root: the one file of {@code src/main} that builds the long-lived objects. */
    private static final Path ROOT = SOURCES.resolve("app/Components.java");

    /** A construction, {@code new Type(}, {@code new Type<>(} or {@code Type::new}: the type without its package. */
    private static final Pattern BUILDS = Pattern.compile(
            "\\bnew\\s+(?:[a-z]\\w*\\.)*([A-Z][\\w.]*)\\s*[(<]|\\b(?:[a-z]\\w*\\.)*([A-Z][\\w.]*)::new\\b");

    @Test
    void everyPackageHasALayer() {
        Set<String> packages = new TreeSet<>(sources().keySet().stream().map(ArchitectureTest::packageOf).toList());
        packages.removeAll(LAYERS);
        assertEquals(Set.of(), packages, "packages missing from LAYERS");
    }

    @Test
    void packagesUseOnlyLowerLayers() {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<String> upward = new ArrayList<>();
        sources().forEach((file, text) -> {
            String from = packageOf(file);
            for (String to : references(text)) {
                if (to.equals(from)) {
                    continue;
                }
                graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                if (LAYERS.indexOf(to) >= LAYERS.indexOf(from)) {
                    upward.add(SOURCES.relativize(file) + " uses " + to);
                }
            }
        });
        graph.forEach((from, to) -> System.out.println("package " + (from.isEmpty() ? "(root)" : from) + " -> " + to));
        assertTrue(upward.isEmpty(), "upward or cyclic imports:\n" + String.join("\n", upward));
    }

    @Test
    void onlyServicesFiltersAndWiringUseHttp() {
        List<String> users = new ArrayList<>();
        sources().forEach((file, text) -> {
            String name = file.getFileName().toString();
            boolean allowed = HTTP_USERS.contains(packageOf(file)) || name.endsWith("Service.java");
            if (!allowed && references(text).contains("http")) {
                users.add(SOURCES.relativize(file).toString());
            }
        });
        assertTrue(users.isEmpty(), "http used below the edge by " + users);
    }

    /**
     * Every repository and service, and every type the composition root builds exactly once, is built there and
     * nowhere else in {@code src/main}: a second copy (a repository a command or a page makes for itself) would be
     * a second cache, a second set of listeners or a second reading of the configuration. A type the root builds
     * several times (a wake-up {@code Signal}, a {@code RateLimiter}) is not one shared object, and others may build
     * their own. Tests may build what they need.
     */
    @Test
    void longLivedObjectsAreBuiltOnlyInTheCompositionRoot() {
        Map<Path, String> sources = sources();
        Map<String, Integer> byRoot = new TreeMap<>();
        built(sources.get(ROOT)).forEach(type -> byRoot.merge(type, 1, Integer::sum));
        Set<String> once = new TreeSet<>();
        byRoot.forEach((type, times) -> {
            if (times == 1) {
                once.add(type);
            }
        });
        for (Path file : sources.keySet()) {
            String name = file.getFileName().toString();
            if (name.endsWith("Repository.java") || name.endsWith("Service.java")) {
                once.add(name.substring(0, name.length() - ".java".length()));
            }
        }
        assertTrue(once.containsAll(Set.of("ApiKeys", "UserRepository", "TargetPolicy", "BounceRecorder")),
                "the composition root was not read: " + once);
        List<String> elsewhere = new ArrayList<>();
        sources.forEach((file, text) -> {
            if (!file.equals(ROOT)) {
                built(text).stream().filter(once::contains).distinct()
                        .forEach(type -> elsewhere.add(SOURCES.relativize(file) + " builds " + type));
            }
        });
        assertTrue(elsewhere.isEmpty(), "built outside app/Components:\n" + String.join("\n", elsewhere));
    }

    /** The types a source file builds, once per construction. */
    private static List<String> built(String text) {
        List<String> types = new ArrayList<>();
        Matcher m = BUILDS.matcher(text);
        while (m.find()) {
            types.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return types;
    }

    private static Set<String> references(String text) {
        Set<String> packages = new TreeSet<>();
        Matcher m = REFERENCE.matcher(text.replaceFirst("(?m)^package .*$", ""));
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    private static String packageOf(Path file) {
        Path dir = SOURCES.relativize(file).getParent();
        return dir == null ? "" : dir.toString().replace('/', '.');
    }

    /** Every source file of {@code src/main} and its text (also read by {@link DataOwnershipTest}). */
    static Map<Path, String> sources() {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file, Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(sources.size() > 50, "the sources were not found under " + SOURCES.toAbsolutePath());
        return sources;
    }
}
