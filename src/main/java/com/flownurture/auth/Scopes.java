package com.flownurture.auth;

import java.util.List;

/** Every scope an API key can hold. The six of the public reference first, then this server's additions. */
public final class Scopes {

    /** All known scopes, in display order. */
    public static final List<String> ALL = List.of(
            "contacts:read", "contacts:write",
            "tags:read", "tags:write",
            "workflows:read", "workflows:write",
            "segments:read", "segments:write",
            "enrollments:read", "enrollments:write",
            "messages:read",
            "suppressions:read", "suppressions:write",

            "events:read", "events:write",
            "webhooks:read", "webhooks:write",
            "settings:read", "settings:write");

    private Scopes() {
    }

    /** Whether the scope is known. */
    public static boolean isKnown(String scope) {
        return ALL.contains(scope);
    }
}
