package com.flownurture.support;

import java.util.List;

/** Events for a contact, sent through {@code POST /api/v1/events}, for tests of what events start, wake and end. */
public final class Events {

    private Events() {
    }

    /** Sends an event with the given properties (a JSON object) for a contact; returns its id. */
    public static String receive(TestApp server, String orgId, String contactId, String name, String properties) {
        String key = server.key(orgId, List.of("events:write")).key();
        return server.http().post("/api/v1/events", key, "{\"contactId\":\"" + contactId + "\",\"name\":\"" + name
                + "\",\"properties\":" + properties + "}").expect(202).obj().getString("id");
    }
}
