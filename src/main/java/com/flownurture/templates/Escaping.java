package com.flownurture.templates;

/**
 * How a template's output values are escaped: every {@code {{ … }}} unless its last filter is {@code raw} (or, in
 * HTML and Markdown, {@code escape} or {@code escape_once}, which escape already). Literal template text is never
 * touched. Escaping happens on the output node of the parsed template, not on the text.
 */
public enum Escaping {

    /** An HTML body, layout or snippet: the five characters that can open markup or close an attribute. */
    HTML {
        @Override
        String escape(String value) {
            StringBuilder out = null;
            for (int i = 0; i < value.length(); i++) {
                String entity = switch (value.charAt(i)) {
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '&' -> "&amp;";
                    case '"' -> "&quot;";
                    case '\'' -> "&#39;";
                    default -> null;
                };
                if (entity != null && out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                if (out != null) {
                    out.append(entity != null ? entity : value.charAt(i));
                }
            }
            return out == null ? value : out.toString();
        }
    },

    /**
     * A Markdown body, rendered by Liquid before CommonMark: every ASCII punctuation character is backslash-escaped
     * (CommonMark's own escape), so a value can neither open markup ({@code <}) nor Markdown ({@code *}, {@code [}).
     */
    MARKDOWN {
        @Override
        String escape(String value) {
            StringBuilder out = new StringBuilder(value.length() + 8);
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch < 128 && !Character.isLetterOrDigit(ch) && ch > ' ' && ch != 127) {
                    out.append('\\');
                }
                out.append(ch);
            }
            return out.toString();
        }
    },

    /** A subject or a plain-text part: values go in as they are. */
    NONE {
        @Override
        String escape(String value) {
            return value;
        }
    };

    abstract String escape(String value);
}
