package com.flownurture.auth;

import java.util.Set;

import io.helidon.webserver.http.ServerRequest;

/**
 * The authenticated API key of a request: which organization it acts for and what it may do.
 *
 * @param keyId  the key's id (never its secret)
 * @param orgId  the organization every query is filtered to
 * @param scopes the scopes the key holds
 */
public record Principal(String keyId, String orgId, Set<String> scopes) {

    /** The principal the API filter put into the request context. */
    public static Principal of(ServerRequest req) {
        return req.context().get(Principal.class)
                .orElseThrow(() -> new IllegalStateException("route reached without authentication"));
    }
}
