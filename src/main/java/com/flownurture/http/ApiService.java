package com.flownurture.http;

/** A resource of the API: its {@link #routes(ApiRoutes)} method is its table of contents. */
public interface ApiService {

    /** Adds this resource's routes. */
    void routes(ApiRoutes routes);
}
