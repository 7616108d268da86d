package com.flownurture.support;

import java.io.StringReader;
import java.util.List;

import com.flownurture.app.Components;
import com.flownurture.changes.Change;
import com.flownurture.common.Json;
import com.flownurture.db.Ids;
import jakarta.json.JsonObject;

/**
 * Events for a contact, stored and published the way the events API does it (one transaction: the row in
 * {@code events}, then {@link Change.EventReceived}), for tests of what events start, wake and end.
 */
public final class Events {

    private Events() {
    }

    /** Stores an event and publishes it; returns its id. */
    public static String receive(TestApp server, String orgId, String contactId, String name, String properties) {
        String id = Ids.newId();
        Components c = server.app().components();
        JsonObject props = Json.createReader(new StringReader(properties)).readObject();
        c.db().write(tx -> {
            tx.createInsert("INSERT INTO events (id, org_id, contact_id, name, properties, occurred_at, received_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)").params(List.of(id, orgId, contactId, name, properties,
                    c.clock().millis(), c.clock().millis())).execute();
            c.changes().publish(tx, new Change.EventReceived(orgId, contactId, id, name, props, () -> props));
            return null;
        });
        return id;
    }
}
