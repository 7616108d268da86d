package com.flownurture.templates;

/**
 * A render stopped by one of its {@link TemplateLimits}: the template looped, grew or nested beyond them, or ran out
 * of time. Thrown on the rendering thread as soon as the limit is crossed, so nothing keeps running after it.
 */
public final class TemplateLimitException extends TemplateRenderException {

    /** Which limit was crossed. */
    public enum Limit {
        /** Loop iterations, all loops of one render together. */
        ITERATIONS,
        /** Characters of rendered output, or of a value a filter builds. */
        SIZE,
        /** Wall-clock time of one render. */
        TIME,
        /** Snippets rendering snippets. */
        NESTING
    }

    private final Limit limit;

    public TemplateLimitException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
