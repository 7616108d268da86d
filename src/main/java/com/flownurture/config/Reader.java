package com.flownurture.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;

/**
 * Typed reads of required keys from the layered configuration. The shipped file sets every key, so a missing one is
 * a bug in it (refused at start-up and by ConfigLoaderTest); a value of the wrong kind is the operator's, and its
 * message names the key and what it takes.
 */
final class Reader {

    private final Config config;

    Reader(Config config) {
        this.config = config;
    }

    /** A section whose keys are free (a map such as {@code mail.domain-limits}). */
    Config section(String key) {
        Config node = config.get(key);
        if (!node.exists()) {
            throw missing(key);
        }
        return node;
    }

    String string(String key) {
        return read(key, "text", node -> node.asString().get());
    }

    int integer(String key) {
        return read(key, "a whole number", node -> node.asInt().get());
    }

    long longValue(String key) {
        return read(key, "a whole number", node -> node.asLong().get());
    }

    double decimal(String key) {
        return read(key, "a number", node -> node.asDouble().get());
    }

    boolean bool(String key) {
        String value = string(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigException(key + " must be true or false");
        };
    }

    /**
     * A YAML list, or one value of comma-separated items (an environment variable, a command-line override); a
     * value from a higher layer over a file's list leaves a node with both, and the value wins.
     */
    List<String> list(String key) {
        Config node = section(key);
        String value = node.hasValue() ? node.asString().orElse("") : "";
        List<String> items = !value.isBlank() ? List.of(value.split(","))
                : node.asList(String.class).orElse(List.of());
        return items.stream().map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /** A whole number of at least 1. */
    int positive(String key) {
        int value = integer(key);
        if (value < 1) {
            throw new InvalidConfigException(key + " must be at least 1");
        }
        return value;
    }

    /** One of {@code allowed}, case-insensitively; returned upper-case. */
    String oneOf(String key, String... allowed) {
        String value = string(key).toUpperCase(Locale.ROOT);
        if (!List.of(allowed).contains(value)) {
            throw new InvalidConfigException(key + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    private static InvalidConfigException missing(String key) {
        return new InvalidConfigException("configuration key " + key + " is missing from the shipped "
                + ConfigLoader.SHIPPED);
    }

    /** A constant of {@code type} by its name, case-insensitively; the message lists the names in their order. */
    <E extends Enum<E>> E oneOf(String key, Class<E> type) {
        E[] constants = type.getEnumConstants();
        String value = oneOf(key, java.util.Arrays.stream(constants).map(Enum::name).toArray(String[]::new));
        return Enum.valueOf(type, value);
    }

    private <T> T read(String key, String kind, Function<Config, T> as) {
        Config node = section(key);
        try {
            return as.apply(node);
        } catch (ConfigException e) {
            throw new InvalidConfigException(key + " must be " + kind);
        }
    }
}
