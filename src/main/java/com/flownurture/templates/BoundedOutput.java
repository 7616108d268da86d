package com.flownurture.templates;

import liqp.RenderTransformer;
import liqp.TemplateContext;

/**
 * Liqp's hook for how rendered pieces are joined (every block, loop body and the whole template go through one of
 * these appenders): ours checks the render's size and time limits at every piece, so a template that outputs too
 * much or runs too long stops on the rendering thread. Liqp's own time limit would run the render on a new thread
 * per call and leave that thread running after the timeout; its size check is per block only.
 */
final class BoundedOutput implements RenderTransformer {

    @Override
    public ObjectAppender.Controller newObjectAppender(TemplateContext context, int estimatedNumberOfAppends) {
        RenderScope scope = RenderScope.of(context);
        scope.checkTime();
        // The estimate is not used for capacity: a loop over (1..1000000000) would estimate a billion.
        StringBuilder out = new StringBuilder();
        return new ObjectAppender.Controller() {
            @Override
            public void append(Object obj) {
                out.append(obj);
                scope.checkSize(out.length());
                scope.checkTime();
            }

            @Override
            public Object getResult() {
                return out.toString();
            }
        };
    }

    @Override
    public Object transformObject(TemplateContext context, Object obj) {
        return String.valueOf(obj);
    }
}
