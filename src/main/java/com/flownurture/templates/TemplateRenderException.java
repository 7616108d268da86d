package com.flownurture.templates;

/**
 * A saved template that could not be rendered for one message: a filter given a value it cannot take, a snippet
 * deleted since the template was saved, or a limit exceeded ({@link TemplateLimitException}).
 */
public class TemplateRenderException extends RuntimeException {

    public TemplateRenderException(String message) {
        super(message);
    }

    public TemplateRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
