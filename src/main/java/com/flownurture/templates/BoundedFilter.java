package com.flownurture.templates;

import java.util.Collection;

import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * One of Liqp's filters under the render's limits: time is checked before it runs, and a string or list it builds
 * is held to the size limit, so {@code {% assign s = s | append: s %}} in a loop fails before memory does.
 */
final class BoundedFilter extends Filter {

    private final Filter filter;

    BoundedFilter(Filter filter) {
        super(filter.getName());
        this.filter = filter;
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
        RenderScope scope = RenderScope.of(context);
        if (scope == null) {
            return filter.apply(value, context, params);
        }
        scope.checkTime();
        Object result = filter.apply(value, context, params);
        if (result instanceof CharSequence text) {
            scope.checkSize(text.length());
        } else if (result instanceof Collection<?> items) {
            scope.checkSize(items.size());
        }
        return result;
    }
}
