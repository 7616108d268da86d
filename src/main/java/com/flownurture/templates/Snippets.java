package com.flownurture.templates;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The snippets a render may name with {@code {% render 'name' %}}, compiled; the only source {@code render} reads.
 * Immutable.
 */
public final class Snippets {

    public static final Snippets NONE = new Snippets(Map.of());

    private final Map<String, CompiledTemplate> byName;

    private Snippets(Map<String, CompiledTemplate> byName) {
        this.byName = Map.copyOf(byName);
    }

    /**
     * Compiles snippets (HTML) by name.
     *
     * @throws TemplateSyntaxException for the first that does not compile, naming it
     */
    public static Snippets compile(LiquidEngine engine, Map<String, String> sources) {
        Map<String, CompiledTemplate> compiled = new LinkedHashMap<>();
        sources.forEach((name, source) -> {
            try {
                compiled.put(name, engine.compile(source, Escaping.HTML));
            } catch (TemplateSyntaxException e) {
                throw new TemplateSyntaxException("in snippet '" + name + "': " + e.getMessage(), e.line(),
                        e.column());
            }
        });
        return new Snippets(compiled);
    }

    /** These snippets with one added or replaced: the set as it would be once a snippet is saved. */
    public Snippets with(String name, CompiledTemplate snippet) {
        Map<String, CompiledTemplate> more = new LinkedHashMap<>(byName);
        more.put(name, snippet);
        return new Snippets(more);
    }

    CompiledTemplate get(String name) {
        return byName.get(name);
    }

    /**
     * Checks, when a template is saved, that every snippet it renders exists and that no snippet renders itself
     * through others.
     *
     * @throws TemplateSyntaxException at the template's {@code render} that leads to the problem
     */
    public void requireAll(CompiledTemplate template) {
        for (SnippetReference reference : template.snippets()) {
            Deque<String> path = new ArrayDeque<>();
            String problem = problem(reference.name(), path);
            if (problem != null) {
                throw new TemplateSyntaxException(problem, reference.line(), reference.column());
            }
        }
    }

    /** What is wrong below a snippet reached by {@code path}, or null. */
    private String problem(String name, Deque<String> path) {
        if (path.contains(name)) {
            return "snippet '" + name + "' renders itself (" + String.join(" → ", path) + " → " + name + ")";
        }
        CompiledTemplate snippet = byName.get(name);
        if (snippet == null) {
            return path.isEmpty() ? "unknown snippet '" + name + "'"
                    : "unknown snippet '" + name + "' (rendered by '" + path.peekLast() + "')";
        }
        path.addLast(name);
        for (SnippetReference inner : snippet.snippets()) {
            String problem = problem(inner.name(), path);
            if (problem != null) {
                return problem;
            }
        }
        path.removeLast();
        return null;
    }
}
