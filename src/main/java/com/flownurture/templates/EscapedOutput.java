package com.flownurture.templates;

import java.util.List;

import liqp.TemplateContext;
import liqp.nodes.LNode;

/**
 * A {@code {{ … }}} whose value is escaped before it joins the output. Values are turned into text as Liqp's
 * block would (a list is its items one after the other); {@link SafeHtml} goes in as it is.
 */
record EscapedOutput(LNode output, Escaping escaping) implements LNode {

    @Override
    public Object render(TemplateContext context) {
        Object value = output.render(context);
        if (value == null || value instanceof SafeHtml) {
            return value;
        }
        if (value instanceof List<?> items) {
            StringBuilder out = new StringBuilder();
            for (Object item : items) {
                out.append(escaping.escape(String.valueOf(item)));
            }
            return out.toString();
        }
        return escaping.escape(String.valueOf(value));
    }
}
