package com.flownurture.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.flownurture.common.Times;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Turns an {@code Authorization} header into a {@link Principal}. Keys are looked up by hash and cached for under a
 * second (unknown keys too), so a revocation takes effect within one second while a busy key costs one database
 * read a second. {@code lastUsedAt} is written at most once a minute per key. Thread-safe.
 */
public final class KeyAuthenticator {

    /** How long a looked-up key is trusted; revocation is seen within this. */
    static final Duration CACHE_TTL = Duration.ofMillis(900);
    private static final long TOUCH_EVERY_MILLIS = 60_000;
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(fn_[A-Za-z0-9]{32,100})");

    private final ApiKeys keys;
    private final Clock clock;
    private final Cache<String, Optional<Principal>> cache;
    private final Map<String, Long> lastTouched = new ConcurrentHashMap<>();

    public KeyAuthenticator(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        // The cache keeps the injected clock's time, so a moved clock expires entries as real time would, and a
        // wall clock set back does not keep a revoked key alive.
        this.cache = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(100_000)
                .ticker(Times.monotonicNanos(clock)::getAsLong)
                .build();
    }

    /**
     * The principal for the request's Authorization header values, or empty when there is no single well-formed,
     * known, unrevoked key.
     */
    public Optional<Principal> authenticate(List<String> authorization) {
        if (authorization.size() != 1) {
            return Optional.empty();
        }
        var matcher = BEARER.matcher(authorization.getFirst().strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Optional<Principal> principal = cache.get(ApiKeys.hash(matcher.group(1)), this::load);
        principal.ifPresent(this::touch);
        return principal;
    }

    private Optional<Principal> load(String hash) {
        return keys.findByHash(hash)
                .filter(ApiKey::active)
                .map(key -> new Principal(key.id(), key.orgId(), Set.copyOf(key.scopes())));
    }

    private void touch(Principal principal) {
        long now = clock.millis();
        Long previous = lastTouched.get(principal.keyId());
        if (previous != null && now - previous < TOUCH_EVERY_MILLIS) {
            return;
        }
        // Only the thread that wins the swap writes, so a burst of requests costs one write.
        boolean won = previous == null
                ? lastTouched.putIfAbsent(principal.keyId(), now) == null
                : lastTouched.replace(principal.keyId(), previous, now);
        if (won) {
            try {
                keys.touch(principal.keyId(), now);
            } catch (RuntimeException unavailable) {
                // Bookkeeping only: a locked or full database must not fail the request it rides on.
                lastTouched.remove(principal.keyId(), now);
            }
        }
    }
}
