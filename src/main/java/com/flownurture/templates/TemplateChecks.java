package com.flownurture.templates;

import java.util.ArrayList;
import java.util.List;

import liqp.filters.Filters;
import liqp.org.antlr.v4.runtime.Token;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liqp.org.antlr.v4.runtime.tree.ParseTreeWalker;
import liquid.parser.v4.LiquidParser;
import liquid.parser.v4.LiquidParserBaseListener;

/**
 * The checks a parsed template passes before it is kept, each failure naming its line and column: no
 * {@code include} (it reads files), {@code render} only with one quoted snippet name, only filters that exist.
 * It also collects what the template renders ({@link SnippetReference}s) and whether it outputs {@code content}.
 */
final class TemplateChecks extends LiquidParserBaseListener {

    private final Filters filters;
    private final List<SnippetReference> snippets = new ArrayList<>();
    private boolean outputsContent;

    private TemplateChecks(Filters filters) {
        this.filters = filters;
    }

    /** Walks the tree; throws {@link TemplateSyntaxException} at the first refused construct. */
    static TemplateChecks walk(ParseTree tree, Filters filters) {
        TemplateChecks checks = new TemplateChecks(filters);
        ParseTreeWalker.DEFAULT.walk(checks, tree);
        return checks;
    }

    List<SnippetReference> snippets() {
        return snippets;
    }

    boolean outputsContent() {
        return outputsContent;
    }

    @Override
    public void enterInclude_tag(LiquidParser.Include_tagContext ctx) {
        throw refused("include is not available: use {% render 'snippet-name' %}", ctx.start);
    }

    @Override
    public void enterSimple_tag(LiquidParser.Simple_tagContext ctx) {
        if (!ctx.SimpleTagId().getText().equals(RenderTag.NAME)) {
            return;
        }
        LiquidParser.Other_tag_parametersContext parameters = ctx.other_tag_parameters();
        boolean oneName = parameters != null && parameters.other_than_tag_end().getChildCount() == 1
                && parameters.other_than_tag_end().Str().size() == 1;
        if (!oneName) {
            throw refused("render takes one quoted snippet name: {% render 'snippet-name' %}", ctx.start);
        }
        String quoted = parameters.other_than_tag_end().Str(0).getText();
        snippets.add(new SnippetReference(quoted.substring(1, quoted.length() - 1), ctx.start.getLine(),
                ctx.start.getCharPositionInLine() + 1));
    }

    @Override
    public void enterFilter(LiquidParser.FilterContext ctx) {
        String name = ctx.Id().getText();
        if (filters.get(name) == null) {
            throw refused("unknown filter '" + name + "'", ctx.Id().getSymbol());
        }
    }

    @Override
    public void enterOutput(LiquidParser.OutputContext ctx) {
        if (ctx.term() != null && ctx.term().getText().equals("content")) {
            outputsContent = true;
        }
    }

    static TemplateSyntaxException refused(String problem, Token at) {
        return new TemplateSyntaxException(problem, at.getLine(), at.getCharPositionInLine() + 1);
    }
}
