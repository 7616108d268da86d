package com.flownurture.templates;

import liqp.TemplateContext;

/**
 * One render's limits and snippets, kept in Liqp's environment map (shared by a render's root context and every
 * child context) so that the output appender, the filters and {@code {% render %}} reach them. Confined to the
 * rendering thread.
 */
final class RenderScope {

    private static final String KEY = RenderScope.class.getName();

    private final LiquidEngine engine;
    private final TemplateLimits limits;
    private final Snippets snippets;
    private final long deadline;
    private int depth;

    private RenderScope(LiquidEngine engine, TemplateLimits limits, Snippets snippets) {
        this.engine = engine;
        this.limits = limits;
        this.snippets = snippets;
        this.deadline = System.nanoTime() + limits.maxRenderTime().toNanos();
    }

    /** Starts a render's scope in its root context. */
    static void open(TemplateContext root, LiquidEngine engine, TemplateLimits limits, Snippets snippets) {
        root.getEnvironmentMap().put(KEY, new RenderScope(engine, limits, snippets));
    }

    /** The scope of the render {@code context} belongs to; null outside one of ours (Liqp calling a filter itself). */
    static RenderScope of(TemplateContext context) {
        return context == null ? null : (RenderScope) context.getEnvironmentMap().get(KEY);
    }

    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new TemplateLimitException(TemplateLimitException.Limit.TIME,
                    "the template took longer than " + limits.maxRenderTime().toMillis() + " ms to render");
        }
    }

    void checkSize(int length) {
        if (length > limits.maxRenderedChars()) {
            throw new TemplateLimitException(TemplateLimitException.Limit.SIZE,
                    "the template renders more than " + limits.maxRenderedChars() + " characters");
        }
    }

    /**
     * Renders a snippet where {@code {% render %}} stands: in a child context, so it sees the template's variables
     * and counts against the same iteration budget, and with its own escaping (snippets are HTML).
     */
    Object renderSnippet(String name, TemplateContext context) {
        CompiledTemplate snippet = snippets.get(name);
        if (snippet == null) {
            throw new TemplateRenderException("unknown snippet '" + name + "'");
        }
        if (depth == limits.maxNesting()) {
            throw new TemplateLimitException(TemplateLimitException.Limit.NESTING,
                    "snippets render snippets more than " + limits.maxNesting() + " deep");
        }
        depth++;
        try {
            return engine.renderIn(snippet, context.newChildContext());
        } finally {
            depth--;
        }
    }
}
