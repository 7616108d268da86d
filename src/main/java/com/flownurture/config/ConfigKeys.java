package com.flownurture.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.helidon.config.Config;

/**
 * The keys the shipped file defines, which are all the keys any layer may set. A list or an empty section in the
 * shipped file ({@code mail.domain-limits: {}}) is open: any key below it is allowed. Immutable.
 */
final class ConfigKeys {

    /** Keys that moved, with where they live now: a clearer message than the nearest known key. */
    private static final Map<String, String> MOVED = Map.of(
            "mail.bounces.", "bounces.mailbox.",
            "suppression.", "bounces.");

    private final Set<String> leaves;
    private final Set<String> open;

    private ConfigKeys(Set<String> leaves, Set<String> open) {
        this.leaves = leaves;
        this.open = open;
    }

    /** The keys of the shipped configuration. */
    static ConfigKeys of(Config shipped) {
        Set<String> leaves = new TreeSet<>();
        Set<String> open = new TreeSet<>();
        shipped.traverse().forEach(node -> {
            String key = node.key().toString();
            if (node.type() == Config.Type.LIST || node.type() == Config.Type.OBJECT && !node.hasValue()
                    && node.asNodeList().map(List::isEmpty).orElse(true)) {
                open.add(key);
            } else if (node.isLeaf()) {
                leaves.add(key);
            }
        });
        return new ConfigKeys(Set.copyOf(leaves), Set.copyOf(open));
    }

    /** Every known key, sorted: for documentation checks. */
    Set<String> leaves() {
        return new TreeSet<>(leaves);
    }

    /** Throws unless {@code key} is known; {@code where} names the layer that set it. */
    void requireKnown(String key, String where) {
        if (leaves.contains(key) || open.contains(key) || open.stream().anyMatch(section -> key.startsWith(section + "."))) {
            return;
        }
        for (Map.Entry<String, String> moved : MOVED.entrySet()) {
            if (key.startsWith(moved.getKey())) {
                String now = moved.getValue() + key.substring(moved.getKey().length());
                throw new InvalidConfigException("configuration key " + key + " (in " + where + ") has moved to "
                        + now);
            }
        }
        throw new InvalidConfigException("unknown configuration key " + key + " (in " + where + "); did you mean "
                + nearest(key) + "?");
    }

    private String nearest(String key) {
        return leaves.stream().min(Comparator.comparingInt((String known) -> distance(key, known))
                .thenComparing(Comparator.naturalOrder())).orElse("nothing");
    }

    /** Levenshtein distance: the fewest single-character edits from one to the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
