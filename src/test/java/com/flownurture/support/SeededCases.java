package com.flownurture.support;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Property tests as plain JUnit dynamic tests: a {@code @TestFactory} returns {@link #cases}, one dynamic test per
 * random case, each case generated from its own {@link Gen} split off one seed. The seed is new on every run unless
 * the system property {@value #SEED_PROPERTY} gives one, and every failure's message names it, so
 * {@code ./run.sh test -Dtest=FuzzTest -Dflownurture.seed=N} replays the very same cases in the same order.
 */
public final class SeededCases {

    /** The system property that fixes the seed, to replay a failure. */
    public static final String SEED_PROPERTY = "flownurture.seed";

    private final long seed;

    private SeededCases(long seed) {
        this.seed = seed;
    }

    /** Cases from the seed in {@value #SEED_PROPERTY}, or from a new random seed when it is not set. */
    public static SeededCases fromSystemProperty() {
        String given = System.getProperty(SEED_PROPERTY, "").strip();
        return new SeededCases(given.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given));
    }

    public long seed() {
        return seed;
    }

    /**
     * {@code count} dynamic tests named "case 0", "case 1", ...: each generates its input with {@code generate} and
     * checks it with {@code check}. A failure is reported with the seed and the case number in its message.
     */
    public <T> Stream<DynamicTest> cases(int count, Function<Gen, T> generate, ThrowingConsumer<T> check) {
        SplittableRandom root = new SplittableRandom(seed);
        // The stream is consumed in order, so case i always gets the i-th split, however the cases before it went.
        return IntStream.range(0, count).mapToObj(i -> {
            Gen gen = new Gen(root.split());
            return DynamicTest.dynamicTest("case " + i, () -> run(i, count, gen, generate, check));
        });
    }

    private <T> void run(int i, int count, Gen gen, Function<Gen, T> generate, ThrowingConsumer<T> check)
            throws Throwable {
        try {
            check.accept(generate.apply(gen));
        } catch (TestAbortedException e) {
            throw e;
        } catch (AssertionError | Exception e) {
            String message = "case " + i + " of " + count + " with seed " + seed + " (replay with -D" + SEED_PROPERTY
                    + "=" + seed + "): " + (e instanceof AssertionError ? e.getMessage() : e.toString());
            if (e instanceof AssertionFailedError failed && failed.isExpectedDefined() && failed.isActualDefined()) {
                throw new AssertionFailedError(message, failed.getExpected().getValue(),
                        failed.getActual().getValue(), e);
            }
            throw new AssertionFailedError(message, e);
        }
    }
}
