package com.flownurture.templates;

import liqp.TemplateContext;
import liqp.nodes.LNode;
import liqp.tags.Tag;

/**
 * Takes the place of Liqp's {@code include}, which reads the named file from disk. Templates using it are refused
 * when they are compiled ({@link TemplateChecks}); this tag makes sure none could render it anyway.
 */
final class RefusedInclude extends Tag {

    RefusedInclude() {
        super("include");
    }

    @Override
    public Object render(TemplateContext context, LNode... nodes) {
        throw new TemplateRenderException("include is not available: use {% render 'snippet-name' %}");
    }
}
