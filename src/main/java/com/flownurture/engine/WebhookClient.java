package com.flownurture.engine;

import java.time.Duration;
import java.util.Map;

/** Posts webhook events; the edge the engine's tests replace with a real second server. */
public interface WebhookClient {

    /**
     * POSTs a JSON body.
     *
     * @return the HTTP status
     * @throws Exception when no response came (refused, timed out)
     */
    int post(String url, Map<String, String> headers, byte[] body, Duration timeout) throws Exception;
}
