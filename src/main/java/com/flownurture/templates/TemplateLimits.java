package com.flownurture.templates;

import java.time.Duration;

/**
 * What one render may use. A render that crosses a limit fails with {@link TemplateLimitException}.
 *
 * @param maxIterations loop iterations in one render, all loops and snippets together (Liqp counts them)
 * @param maxRenderedChars characters of output, and of any value a filter builds (so {@code append} in a loop
 *     cannot grow a variable without bound before anything is output)
 * @param maxRenderTime wall-clock time of one render, checked at every output and filter call
 * @param maxNesting how deep snippets may render snippets
 */
public record TemplateLimits(int maxIterations, int maxRenderedChars, Duration maxRenderTime, int maxNesting) {

    public TemplateLimits {
        if (maxIterations < 1 || maxRenderedChars < 1 || maxNesting < 1 || maxRenderTime.isNegative()
                || maxRenderTime.isZero()) {
            throw new IllegalArgumentException("template limits must be positive");
        }
    }
}
