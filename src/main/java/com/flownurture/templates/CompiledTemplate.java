package com.flownurture.templates;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import liqp.nodes.LNode;
import liqp.org.antlr.v4.runtime.tree.ParseTree;

/**
 * A template parsed and checked once ({@link LiquidEngine#compile}), safe to render from any number of threads at
 * once. Liqp renders a tree of nodes built from the parse tree; a few of its nodes keep state during a render (a
 * lookup's {@code [index]}), so a tree serves one render at a time: the idle ones wait here for the next render,
 * as many as have run at once.
 */
public final class CompiledTemplate {

    private final String hash;
    private final Escaping escaping;
    private final ParseTree tree;
    private final List<SnippetReference> snippets;
    private final boolean outputsContent;
    private final Queue<LNode> idleNodes = new ConcurrentLinkedQueue<>();

    CompiledTemplate(String hash, Escaping escaping, ParseTree tree, List<SnippetReference> snippets,
                     boolean outputsContent) {
        this.hash = hash;
        this.escaping = escaping;
        this.tree = tree;
        this.snippets = List.copyOf(snippets);
        this.outputsContent = outputsContent;
    }

    /** The SHA-256 of the source, hex: what the cache is keyed by. */
    public String hash() {
        return hash;
    }

    public Escaping escaping() {
        return escaping;
    }

    /** The snippets it renders, in the order they appear. */
    public List<SnippetReference> snippets() {
        return snippets;
    }

    /** Whether it outputs {@code {{ content }}}, where a layout puts the email's body. */
    public boolean outputsContent() {
        return outputsContent;
    }

    ParseTree tree() {
        return tree;
    }

    /** An idle tree of nodes, or null when every one is rendering. */
    LNode borrowNodes() {
        return idleNodes.poll();
    }

    void returnNodes(LNode nodes) {
        idleNodes.add(nodes);
    }
}
