package com.flownurture.templates;

import java.util.Locale;
import java.util.Set;

import com.helger.css.decl.CSSSelector;
import com.helger.css.decl.CSSSelectorAttribute;
import com.helger.css.decl.CSSSelectorMemberFunctionLike;
import com.helger.css.decl.CSSSelectorMemberNot;
import com.helger.css.decl.CSSSelectorSimpleMember;
import com.helger.css.decl.ECSSSelectorCombinator;
import com.helger.css.decl.ICSSSelectorMember;

/**
 * A selector's specificity (ids, then classes, attributes and pseudo-classes, then elements), read from ph-css's
 * parsed selector, as one comparable number; -1 for a selector that cannot be inlined because it depends on state or
 * makes content ({@code :hover}, {@code ::before}), or that uses a construct not listed here.
 */
final class Specificity {

    /** Pseudo-classes that only depend on the document's structure, which jsoup matches as a browser would. */
    private static final Set<String> STRUCTURAL = Set.of(":first-child", ":last-child", ":only-child",
            ":first-of-type", ":last-of-type", ":only-of-type", ":empty", ":root");
    private static final Set<String> STRUCTURAL_FUNCTIONS = Set.of(":nth-child(", ":nth-last-child(",
            ":nth-of-type(", ":nth-last-of-type(");

    private static final int ID = 1_000_000;
    private static final int CLASS = 1_000;
    private static final int ELEMENT = 1;

    private Specificity() {
    }

    static int of(CSSSelector selector) {
        int total = 0;
        for (ICSSSelectorMember member : selector.getAllMembers()) {
            int weight = weight(member);
            if (weight < 0) {
                return -1;
            }
            total += weight;
        }
        return total;
    }

    private static int weight(ICSSSelectorMember member) {
        return switch (member) {
            case ECSSSelectorCombinator combinator -> 0;
            case CSSSelectorAttribute attribute -> CLASS;
            case CSSSelectorSimpleMember simple -> simple(simple);
            case CSSSelectorMemberFunctionLike function ->
                    STRUCTURAL_FUNCTIONS.contains(function.getFunctionName().toLowerCase(Locale.ROOT)) ? CLASS : -1;
            case CSSSelectorMemberNot not -> mostSpecific(not);
            default -> -1;
        };
    }

    private static int simple(CSSSelectorSimpleMember member) {
        if (member.isHash()) {
            return ID;
        }
        if (member.isClass()) {
            return CLASS;
        }
        if (member.isPseudo()) {
            return STRUCTURAL.contains(member.getValue().toLowerCase(Locale.ROOT)) ? CLASS : -1;
        }
        return member.getValue().equals("*") ? 0 : ELEMENT;
    }

    /** {@code :not(a, b)} counts as its most specific argument. */
    private static int mostSpecific(CSSSelectorMemberNot not) {
        int most = 0;
        for (CSSSelector inner : not.getAllSelectors()) {
            int specificity = of(inner);
            if (specificity < 0) {
                return -1;
            }
            most = Math.max(most, specificity);
        }
        return most;
    }
}
