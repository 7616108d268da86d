package com.flownurture.templates;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.flownurture.common.Sha256;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import liqp.Template;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.exceptions.ExceededMaxIterationsException;
import liqp.exceptions.LiquidException;
import liqp.filters.Filter;
import liqp.filters.Filters;
import liqp.nodes.LNode;
import liqp.parser.Flavor;

/**
 * Liquid through Liqp, sandboxed and bounded: templates are parsed and checked once ({@link #compile}, cached by
 * the SHA-256 of their source) and rendered against plain values only (maps, lists, strings, numbers, booleans:
 * {@link TemplateData}). There is no file access ({@code include} is refused; {@code render} reads the caller's
 * {@link Snippets}), no Java object is ever put in reach of a template, output values are escaped by default
 * ({@link Escaping}), and every render is held to its {@link TemplateLimits}. Thread-safe.
 */
public final class LiquidEngine {

    private record Key(Escaping escaping, String hash) {
    }

    private final TemplateLimits limits;
    private final TemplateParser parser;
    private final Cache<Key, CompiledTemplate> compiled = Caffeine.newBuilder().maximumSize(10_000).build();

    public LiquidEngine(TemplateLimits limits) {
        this.limits = limits;
        TemplateParser.Builder builder = new TemplateParser.Builder()
                .withFlavor(Flavor.LIQUID)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withMaxIterations(limits.maxIterations())
                .withDefaultTimeZone(ZoneOffset.UTC)
                .withDateParser(new IsoDates())
                .withRenderTransformer(new BoundedOutput())
                .withTag(new RenderTag())
                .withTag(new RefusedInclude());
        for (Filter filter : Filters.DEFAULT_FILTERS.values()) {
            builder.withFilter(new BoundedFilter(filter));
        }
        this.parser = builder.withFilter(new Filter("raw") { })
                .withFilter(new LegacyDefault())
                .build();
    }

    /**
     * Parses and checks a template, or returns the one compiled before from the same source.
     *
     * @throws TemplateSyntaxException naming the line and column of the first problem
     */
    public CompiledTemplate compile(String source, Escaping escaping) {
        return compiled.get(new Key(escaping, Sha256.hex(source)), key -> parse(source, key));
    }

    /**
     * Renders a compiled template.
     *
     * @param variables plain values only ({@link TemplateData#variables()})
     * @param snippets what {@code {% render %}} may name
     * @throws TemplateLimitException when a limit is crossed
     * @throws TemplateRenderException when a filter refuses its value or a snippet is missing
     */
    public String render(CompiledTemplate template, Map<String, Object> variables, Snippets snippets) {
        TemplateContext root = new BoundedContext(parser, variables);
        RenderScope.open(root, this, limits, snippets);
        try {
            return String.valueOf(renderIn(template, root));
        } catch (TemplateRenderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    /** Renders a template's nodes in a context of a render under way (the template itself, or a snippet). */
    Object renderIn(CompiledTemplate template, TemplateContext context) {
        LNode nodes = template.borrowNodes();
        if (nodes == null) {
            nodes = new SandboxVisitor(parser, template.escaping()).visit(template.tree());
        }
        try {
            return nodes.render(context);
        } finally {
            template.returnNodes(nodes);
        }
    }

    private CompiledTemplate parse(String source, Key key) {
        Template template;
        try {
            template = parser.parse(source);
        } catch (LiquidException e) {
            throw new TemplateSyntaxException(problem(e.getMessage()), e.line, e.charPositionInLine + 1);
        } catch (StackOverflowError e) {
            throw new TemplateSyntaxException("tags are nested too deep", 1, 1);
        }
        TemplateChecks checks = TemplateChecks.walk(template.getParseTree(), parser.filters);
        CompiledTemplate result = new CompiledTemplate(key.hash(), key.escaping(), template.getParseTree(),
                checks.snippets(), checks.outputsContent());
        try {
            result.returnNodes(new SandboxVisitor(parser, key.escaping()).visit(result.tree()));
        } catch (RuntimeException e) {
            // What the checks above do not catch: Liqp refuses some constructs only when it builds the nodes.
            throw new TemplateSyntaxException(problem(e.getMessage()), 1, 1);
        }
        return result;
    }

    /** Liqp's message without the position it appends, which the exception states itself. */
    private static String problem(String message) {
        int at = message.indexOf(" on line ");
        return (at < 0 ? message : message.substring(0, at)).strip();
    }

    /** Liqp wraps what a filter throws; a limit crossed inside a filter is still a limit. */
    private TemplateRenderException translated(RuntimeException e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            if (t instanceof TemplateRenderException rendered) {
                return rendered;
            }
            if (t instanceof ExceededMaxIterationsException) {
                return new TemplateLimitException(TemplateLimitException.Limit.ITERATIONS,
                        "the template loops more than " + limits.maxIterations() + " times");
            }
        }
        return new TemplateRenderException(e.getMessage(), e);
    }
}
