package com.flownurture.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The vocabulary of random test data over one seeded generator: picks, ranges, lists, subsets, strings that mix
 * plain text with control characters, non-ASCII and lone surrogates, and raw bytes. One per test case (see
 * {@link SeededCases}), so a case's data depends only on the seed and its number. Not thread-safe.
 */
public final class Gen {

    private static final List<Integer> INT_EDGES = List.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);

    private final RandomGenerator random;

    public Gen(RandomGenerator random) {
        this.random = random;
    }

    /** True with the given probability. */
    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public long between(long min, long max) {
        return random.nextLong(min, max + 1);
    }

    /** Any int, one time in five one of the edges (0, ±1, the minimum, the maximum). */
    public int anyInt() {
        return chance(0.2) ? pick(INT_EDGES) : random.nextInt();
    }

    /** One of the values. */
    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** One of the values. */
    @SafeVarargs
    public final <T> T pick(T... values) {
        return pick(List.of(values));
    }

    /** The value of one of the sources, each as likely. */
    @SafeVarargs
    public final <T> T oneOf(Supplier<? extends T>... sources) {
        return pick(sources).get();
    }

    /** Null with the given probability, otherwise a value from the source. */
    public <T> T orNull(double probability, Supplier<T> source) {
        return chance(probability) ? null : source.get();
    }

    /** A list of {@code min} to {@code max} values from the source. */
    public <T> List<T> list(int min, int max, Supplier<T> source) {
        int size = between(min, max);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(source.get());
        }
        return list;
    }

    /** Each value kept or not, as likely: from none to all of them, in their order. */
    public <T> List<T> subset(List<T> values) {
        return values.stream().filter(v -> random.nextBoolean()).toList();
    }

    /**
     * A string of {@code min} to {@code max} characters: mostly printable ASCII (quotes and backslashes included),
     * and also control characters, any other character of the basic plane, and lone surrogate halves.
     */
    public String string(int min, int max) {
        int length = between(min, max);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(20);
            if (kind < 12) {
                s.append((char) between(0x20, 0x7e));
            } else if (kind < 14) {
                s.append((char) (chance(0.9) ? between(0, 0x1f) : 0x7f));
            } else if (kind < 19) {
                s.append((char) between(0xa0, 0xd7ff));
            } else {
                s.append((char) between(Character.MIN_SURROGATE, Character.MAX_SURROGATE));
            }
        }
        return s.toString();
    }

    /** Up to {@code max} bytes, any values. */
    public byte[] bytes(int max) {
        byte[] bytes = new byte[between(0, max)];
        random.nextBytes(bytes);
        return bytes;
    }
}
