package com.flownurture.templates;

import java.util.Map;

import liqp.TemplateContext;
import liqp.TemplateParser;

/**
 * Liqp's render context, with the time limit checked where Liqp counts loop iterations: a loop whose body outputs
 * nothing never reaches {@link BoundedOutput}, but every iteration passes here. Child contexts (loops, snippets)
 * are of this kind too.
 */
final class BoundedContext extends TemplateContext {

    BoundedContext(TemplateParser parser, Map<String, Object> variables) {
        super(parser, variables);
    }

    private BoundedContext(Map<String, Object> variables, TemplateContext parent) {
        super(variables, parent);
    }

    @Override
    public TemplateContext newChildContext(Map<String, Object> variablesForChild) {
        return new BoundedContext(variablesForChild, this);
    }

    @Override
    public void checkForMaxIterations(int iterations) {
        super.checkForMaxIterations(iterations);
        RenderScope.of(this).checkTime();
    }
}
