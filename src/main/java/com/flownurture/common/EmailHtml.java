package com.flownurture.common;

import java.util.ArrayList;
import java.util.List;
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
 * Email HTML with jsoup: the sanitizer a SEND_EMAIL body goes through when it is saved and again, rendered, when it
 * is sent; the links its template wrote ({@link #ownLinks}); and the plain-text part generated from a body at send
 * time. Stateless and thread-safe.
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
    /**
     * A link whose site the template wrote itself: {@code http(s)://}, then a host (and port) with no placeholder
     * in it, then the end or a path, query or fragment. A value can then only change what follows the site.
     */
    private static final Pattern OWN_SITE = Pattern.compile("(?i)https?://[^/?#{}\\\\\\s]+(?:[/?#].*)?",
            Pattern.DOTALL);
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
            "ul", "ol", "li", "blockquote", "pre", "hr", "center");

    private EmailHtml() {
    }

    /**
     * Whether a template is HTML (it has a tag). Asked of the saved template only, never of a rendered body: a
     * contact's value can hold a tag, and must not turn a plain-text email into HTML.
     */
    public static boolean isHtml(String template) {
        return HTML.matcher(template).find();
    }

    /** The body with everything unsafe removed; a body without a tag is returned as it is. */
    public static String sanitize(String body) {
        return isHtml(body) ? clean(body) : body;
    }

    /**
     * An HTML body with everything unsafe removed, tag or not: a rendered body at send time, where a value put into
     * an attribute (a {@code javascript:} link in {@code href="{{customFields.link}}"}) is caught.
     */
    public static String clean(String html) {
        Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
        return Jsoup.clean(html, BASE, SAFELIST, output);
    }

    /**
     * The {@code http(s)} links of a rendered HTML body that its template wrote: the rendered address of each of the
     * template's links whose site is written in the template (not {@code {{customFields.link}}}, not
     * {@code https://{{customFields.host}}/}). Values are escaped in HTML, so the rendered body has the template's
     * links, in order, and no other; if it does not, no link is the template's. Empty for a plain-text template.
     */
    public static List<String> ownLinks(String template, String rendered) {
        if (!isHtml(template)) {
            return List.of();
        }
        List<String> written = Jsoup.parseBodyFragment(template).select("a[href]").eachAttr("href");
        List<String> sent = Jsoup.parseBodyFragment(rendered).select("a[href]").eachAttr("href");
        if (written.size() != sent.size()) {
            return List.of();
        }
        List<String> own = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String link = sent.get(i).strip();
            if (OWN_SITE.matcher(written.get(i).strip()).matches() && OWN_SITE.matcher(link).matches()
                    && !own.contains(link)) {
                own.add(link);
            }
        }
        return List.copyOf(own);
    }

    /**
     * The {@code http(s)} links of an HTML body, for a message queued before its template's own links were
     * recorded: its tracking then stays as it was.
     */
    public static List<String> links(String html) {
        return Jsoup.parseBodyFragment(clean(html)).select("a[href]").eachAttr("href").stream().map(String::strip)
                .filter(link -> OWN_SITE.matcher(link).matches()).distinct().toList();
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
