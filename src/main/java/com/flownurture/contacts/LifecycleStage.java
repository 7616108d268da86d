package com.flownurture.contacts;

import java.util.Arrays;
import java.util.List;

/**
 * A contact's lifecycle stage, in funnel order: segment rules compare stages by this order ({@code at_least},
 * {@code at_most}). Stored and shown by its name.
 */
public enum LifecycleStage {
    SUBSCRIBER, LEAD, MQL, SQL, CUSTOMER;

    private static final List<LifecycleStage> FUNNEL = List.of(values());
    private static final List<String> NAMES = Arrays.stream(values()).map(Enum::name).toList();

    /** The names in funnel order, as the API spells them (and its messages list them). */
    public static List<String> names() {
        return NAMES;
    }

    /** This stage and the ones after it. */
    public List<LifecycleStage> andLater() {
        return FUNNEL.subList(ordinal(), FUNNEL.size());
    }

    /** The stages before this one, and this one. */
    public List<LifecycleStage> andEarlier() {
        return FUNNEL.subList(0, ordinal() + 1);
    }
}
