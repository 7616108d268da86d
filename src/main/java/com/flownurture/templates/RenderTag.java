package com.flownurture.templates;

import liqp.TemplateContext;
import liqp.nodes.LNode;
import liqp.tags.Tag;

/**
 * {@code {% render 'snippet-name' %}}: the named snippet from the render's {@link Snippets}, never a file. Its one
 * parameter, a quoted name, is checked when the template is compiled ({@link TemplateChecks}).
 */
final class RenderTag extends Tag {

    static final String NAME = "render";

    RenderTag() {
        super(NAME);
    }

    @Override
    public Object render(TemplateContext context, LNode... nodes) {
        String quoted = String.valueOf(nodes[0].render(context));
        return RenderScope.of(context).renderSnippet(quoted.substring(1, quoted.length() - 1), context);
    }
}
