package com.flownurture.ratelimit;

/** Takes tokens from per-key buckets: in this process ({@link RateLimiter}) or shared by every instance. */
public interface Limiter {

    /** Takes a token from the key's bucket. */
    TokenBucket.Decision tryTake(String key);
}
