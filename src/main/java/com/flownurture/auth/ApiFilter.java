package com.flownurture.auth;

import java.util.List;
import java.util.Optional;

import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ClientAddress;
import com.flownurture.http.ErrorMapper;
import com.flownurture.ratelimit.Limiter;
import com.flownurture.ratelimit.RateLimiter;
import com.flownurture.ratelimit.TokenBucket;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The gate of {@code /api/v1}, in a fixed order: API key → principal in the request context → per-key rate limit
 * → scope rule. Authentication comes first, so an unauthenticated caller learns nothing about which routes exist.
 * Thread-safe.
 */
public final class ApiFilter implements Filter {

    private final KeyAuthenticator authenticator;
    private final Limiter perKey;
    private final RateLimiter failedAuthPerAddress;
    private final ScopeRules rules;
    private final ClientAddress clientAddress;

    /**
     * @param failedAuthPerAddress failed authentications per client address
     * @param clientAddress        who a request comes from (behind a trusted proxy, the client it forwards for)
     */
    public ApiFilter(KeyAuthenticator authenticator, Limiter perKey, RateLimiter failedAuthPerAddress,
                     ScopeRules rules, ClientAddress clientAddress) {
        this.authenticator = authenticator;
        this.perKey = perKey;
        this.failedAuthPerAddress = failedAuthPerAddress;
        this.rules = rules;
        this.clientAddress = clientAddress;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.path().path().indexOf('\0') >= 0) {
            // No id or token holds a NUL, and PostgreSQL refuses one in any text it is asked to compare.
            ErrorMapper.send(res, Status.BAD_REQUEST_400, "The path must not contain NUL characters");
            return;
        }
        String path = req.path().rawPath();
        if (!path.equals(ApiRoutes.PREFIX) && !path.startsWith(ApiRoutes.PREFIX + "/")) {
            chain.proceed();
            return;
        }
        List<String> authorization = req.headers().values(HeaderNames.AUTHORIZATION);
        Optional<Principal> principal = authenticator.authenticate(authorization);
        if (principal.isEmpty()) {
            refuseUnauthenticated(req, res);
            return;
        }
        TokenBucket.Decision decision = perKey.tryTake(principal.get().keyId());
        res.header("RateLimit-Limit", Integer.toString(decision.limit()));
        res.header("RateLimit-Remaining", Integer.toString(decision.remaining()));
        res.header("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (!decision.allowed()) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
            ErrorMapper.send(res, Status.TOO_MANY_REQUESTS_429, "Rate limit exceeded; retry after "
                    + decision.retryAfterSeconds() + " s");
            return;
        }
        switch (rules.match(req.prologue().method().text(), path)) {
            case ScopeRules.Match.Unknown unknown -> ErrorMapper.send(res, Status.NOT_FOUND_404, "Route not found");
            case ScopeRules.Match.WrongMethod wrong -> {
                res.header(HeaderNames.ALLOW, String.join(", ", wrong.allowedMethods()));
                ErrorMapper.send(res, Status.METHOD_NOT_ALLOWED_405, "Method not allowed");
            }
            case ScopeRules.Match.Allowed allowed -> {
                if (!principal.get().scopes().containsAll(allowed.rule().scopes())) {
                    ErrorMapper.send(res, Status.FORBIDDEN_403, "This API key lacks the scope "
                            + String.join(" and ", allowed.rule().scopes().stream().sorted().toList()));
                    return;
                }
                req.context().register(principal.get());
                chain.proceed();
            }
        }
    }

    private void refuseUnauthenticated(RoutingRequest req, RoutingResponse res) {
        String address = clientAddress.of(req);
        TokenBucket.Decision failures = failedAuthPerAddress.tryTake(address);
        if (!failures.allowed()) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(failures.retryAfterSeconds()));
            ErrorMapper.send(res, Status.TOO_MANY_REQUESTS_429, "Too many failed authentications from this address");
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        ErrorMapper.send(res, Status.UNAUTHORIZED_401, "Missing or invalid API key");
    }
}
