package com.flownurture.templates;

/**
 * HTML that is already rendered and escaped, put into a template as it is: the email's body at a layout's
 * {@code {{ content }}}. Not a map, so a template cannot look into it; filters see its text (and their result is
 * escaped again, as any other value).
 */
record SafeHtml(String html) {

    @Override
    public String toString() {
        return html;
    }
}
