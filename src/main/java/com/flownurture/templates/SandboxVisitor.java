package com.flownurture.templates;

import java.util.List;
import java.util.Set;

import liqp.TemplateParser;
import liqp.nodes.LNode;
import liqp.parser.v4.NodeVisitor;
import liquid.parser.v4.LiquidParser.FilterContext;
import liquid.parser.v4.LiquidParser.OutputContext;

/**
 * Liqp's visitor from parse tree to renderable nodes, with every output node wrapped in {@link EscapedOutput}
 * unless its last filter says the value is already what should be written. This is where escaping by default
 * happens: on the parsed output tags, never on the template's text.
 */
final class SandboxVisitor extends NodeVisitor {

    /** Filters whose result is written as it is: {@code raw}, and those that escape HTML themselves. */
    private static final Set<String> FINAL_FILTERS = Set.of("raw", "escape", "escape_once");

    private final Escaping escaping;

    SandboxVisitor(TemplateParser parser, Escaping escaping) {
        super(parser.insertions, parser.filters, parser.liquidStyleInclude);
        this.escaping = escaping;
    }

    @Override
    public LNode visitOutput(OutputContext ctx) {
        LNode output = super.visitOutput(ctx);
        List<FilterContext> filters = ctx.filter();
        boolean written = !filters.isEmpty()
                && FINAL_FILTERS.contains(filters.get(filters.size() - 1).Id().getText());
        return escaping == Escaping.NONE || written ? output : new EscapedOutput(output, escaping);
    }
}
