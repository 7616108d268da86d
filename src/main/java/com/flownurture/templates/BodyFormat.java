package com.flownurture.templates;

/** What an EMAIL template's body is written in. */
public enum BodyFormat {
    /** HTML with Liquid; values HTML-escaped. */
    HTML,
    /** Markdown with Liquid, rendered by CommonMark after Liquid; values escaped for Markdown. */
    MARKDOWN
}
