package com.flownurture.common;

import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeVisitor;

/**
 * Email HTML with jsoup: the sanitizer a SEND_EMAIL body goes through when it is saved, and the plain-text part
 * generated from a body at send time. Stateless and thread-safe.
 */
public final class EmailHtml {

    /**
     * jsoup's relaxed list (text formatting, links, images, tables) plus the presentational attributes email
     * layouts rely on. Scripts, {@code on*} handlers, forms, iframes and {@code javascript:} URLs are not on it.
     */
    private static final Safelist SAFELIST = Safelist.relaxed()
            .addTags("center", "font", "hr", "small")
            .addAttributes(":all", "style", "class", "align", "valign", "width", "height", "bgcolor", "dir")
            .addAttributes("table", "border", "cellpadding", "cellspacing", "role")
            .addAttributes("font", "color", "face", "size")
            .addAttributes("a", "target")
            .preserveRelativeLinks(true);

    /**
     * Links are checked against the safelist's protocols after resolving them on this base, so a placeholder URL
     * such as {@code {{customFields.link}}} stays (it resolves to http) while {@code javascript:} is dropped.
     */
    private static final String BASE = "https://placeholder.invalid/";

    private static final Pattern HTML = Pattern.compile("<[a-zA-Z!/][^>]*>");
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
            "ul", "ol", "li", "blockquote", "pre", "hr", "center");

    private EmailHtml() {
    }

    /** Whether a body is HTML (it has a tag). */
    public static boolean isHtml(String body) {
        return HTML.matcher(body).find();
    }

    /** The body with everything unsafe removed; a body without a tag is returned as it is. */
    public static String sanitize(String body) {
        if (!isHtml(body)) {
            return body;
        }
        Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
        return Jsoup.clean(body, BASE, SAFELIST, output);
    }

    /**
     * A readable plain-text rendering of an HTML body: paragraphs and headings apart, line breaks kept, list items
     * as {@code - }, a link's address in angle brackets after its text.
     */
    public static String toText(String html) {
        StringBuilder out = new StringBuilder();
        Jsoup.parse(html).body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    String words = text.text().replaceAll("\\s+", " ");
                    if (!out.isEmpty() && out.charAt(out.length() - 1) == '\n') {
                        words = words.stripLeading();
                    }
                    out.append(words);
                } else if (node instanceof Element e) {
                    if (e.nameIs("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(e.normalName())) {
                        newline(out);
                        if (e.nameIs("li")) {
                            out.append("- ");
                        }
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    String href = e.nameIs("a") ? e.attr("href") : "";
                    if (!href.isEmpty() && !href.startsWith("#") && !href.equals(e.text().strip())) {
                        out.append(" <").append(href).append('>');
                    }
                    if (BLOCKS.contains(e.normalName()) && !e.nameIs("li") && !e.nameIs("tr")) {
                        newline(out);
                        out.append('\n');
                    }
                }
            }
        });
        return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip() + "\n";
    }

    private static void newline(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
