package com.flownurture.templates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.helger.css.ECSSVersion;
import com.helger.css.decl.CSSDeclaration;
import com.helger.css.decl.CSSDeclarationList;
import com.helger.css.decl.CSSSelector;
import com.helger.css.decl.CSSStyleRule;
import com.helger.css.decl.CascadingStyleSheet;
import com.helger.css.handler.DoNothingCSSParseExceptionCallback;
import com.helger.css.reader.CSSReader;
import com.helger.css.reader.CSSReaderDeclarationList;
import com.helger.css.reader.CSSReaderSettings;
import com.helger.css.reader.errorhandler.DoNothingCSSInterpretErrorHandler;
import com.helger.css.reader.errorhandler.DoNothingCSSParseErrorHandler;
import com.helger.css.writer.CSSWriter;
import com.helger.css.writer.CSSWriterSettings;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/**
 * Moves an email's {@code <style>} rules into {@code style} attributes, since many email clients drop
 * {@code <style>}. The CSS is read by ph-css (in its browser-compliant mode: a rule it cannot read is skipped, as a
 * browser would) and matched by jsoup. Per element and property the cascade decides, as in a browser: an
 * {@code !important} rule, then the element's own {@code style}, then the more specific selector, then the later
 * rule. What cannot live in an attribute ({@code @media}, {@code :hover}, {@code ::before}, {@code @font-face})
 * stays in a {@code <style>}; a {@code <style>} left with nothing is removed. Stateless and thread-safe.
 */
final class CssInliner {

    private static final CSSReaderSettings READING = new CSSReaderSettings()
            .setCSSVersion(ECSSVersion.CSS30)
            .setBrowserCompliantMode(true)
            .setUseSourceLocation(false)
            .setCustomErrorHandler(new DoNothingCSSParseErrorHandler())
            .setCustomExceptionHandler(new DoNothingCSSParseExceptionCallback())
            .setInterpretErrorHandler(new DoNothingCSSInterpretErrorHandler());
    private static final CSSWriterSettings WRITING = new CSSWriterSettings(ECSSVersion.CSS30, true);

    /**
     * One declaration bound for an element, with what ranks it: its origin (sheet, or the element's own style),
     * {@code !important}, the selector's specificity and the rule's place in the document.
     */
    private record Applied(String property, String value, boolean important, boolean own, int specificity,
                           int order) {

        static final Comparator<Applied> CASCADE = Comparator.comparing(Applied::important)
                .thenComparing(Applied::own)
                .thenComparingInt(Applied::specificity)
                .thenComparingInt(Applied::order);
    }

    private CssInliner() {
    }

    static String inline(String html) {
        Document document = Jsoup.parse(html);
        document.outputSettings().prettyPrint(false);
        Elements styles = document.select("style");
        if (styles.isEmpty()) {
            return html;
        }
        Map<Element, List<Applied>> applied = new IdentityHashMap<>();
        int order = 0;
        for (Element style : styles) {
            CascadingStyleSheet sheet = CSSReader.readFromStringReader(style.data(), READING);
            if (sheet == null) {
                continue;
            }
            for (CSSStyleRule rule : sheet.getAllStyleRules()) {
                order++;
                for (CSSSelector selector : List.copyOf(rule.getAllSelectors())) {
                    if (apply(document, rule, selector, order, applied)) {
                        rule.removeSelector(selector);
                    }
                }
                if (!rule.hasSelectors()) {
                    sheet.removeRule(rule);
                }
            }
            if (sheet.hasRules()) {
                style.empty().appendChild(new DataNode(new CSSWriter(WRITING).setWriteHeaderText(false)
                        .getCSSAsString(sheet)));
            } else {
                style.remove();
            }
        }
        applied.forEach(CssInliner::write);
        return document.outerHtml();
    }

    /** Adds a rule's declarations to the elements its selector matches; false if the selector cannot be inlined. */
    private static boolean apply(Document document, CSSStyleRule rule, CSSSelector selector, int order,
                                 Map<Element, List<Applied>> applied) {
        int specificity = Specificity.of(selector);
        if (specificity < 0) {
            return false;
        }
        Elements matched;
        try {
            matched = document.select(selector.getAsCSSString(WRITING, 0));
        } catch (Selector.SelectorParseException unknownToJsoup) {
            return false;
        }
        for (Element element : matched) {
            List<Applied> list = applied.computeIfAbsent(element, e -> new ArrayList<>());
            for (CSSDeclaration declaration : rule.getAllDeclarations()) {
                list.add(new Applied(declaration.getProperty().toLowerCase(Locale.ROOT),
                        declaration.getExpressionAsCSSString(), declaration.isImportant(), false, specificity,
                        order));
            }
        }
        return true;
    }

    /** Writes an element's winning declarations, in the order each property first appeared, into its style. */
    private static void write(Element element, List<Applied> fromSheets) {
        List<Applied> all = new ArrayList<>(fromSheets);
        String own = element.attr("style");
        CSSDeclarationList ownDeclarations = own.isBlank() ? new CSSDeclarationList()
                : CSSReaderDeclarationList.readFromString(own, READING);
        if (ownDeclarations == null) {
            // A style attribute ph-css cannot read even leniently: the author's own style is kept as written.
            return;
        }
        for (CSSDeclaration declaration : ownDeclarations.getAllDeclarations()) {
            all.add(new Applied(declaration.getProperty().toLowerCase(Locale.ROOT),
                    declaration.getExpressionAsCSSString(), declaration.isImportant(), true, 0, 0));
        }
        Map<String, String> winners = new LinkedHashMap<>();
        all.stream().sorted(Applied.CASCADE).forEach(a -> winners.put(a.property(), a.value()));
        StringBuilder style = new StringBuilder();
        winners.forEach((property, value) -> style.append(style.isEmpty() ? "" : " ")
                .append(property).append(": ").append(value).append(';'));
        element.attr("style", style.toString());
    }
}
