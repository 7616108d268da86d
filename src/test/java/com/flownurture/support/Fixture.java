package com.flownurture.support;

import java.util.Map;

import com.flownurture.http.ApiRoutes;
import jakarta.json.JsonValue;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;

/**
 * One of each resource in a tenant, made through the API, and a way to turn any registered route into a concrete,
 * valid request against them. A route added without a sample body here fails the matrix tests, so every new
 * route is covered by them.
 */
public record Fixture(TestApp.Tenant tenant, String contactId, String tagId, String workflowId, String segmentId,
                      String enrollmentId, String webhookId, String deliveryId, String suppressionId) {

    /** Creates the resources. */
    public static Fixture create(TestApp server, TestApp.Tenant tenant) {
        Http http = server.http();
        String key = tenant.key();
        // A subscription first, so that creating the contact queues a delivery (nothing sends it: no engine).
        String webhook = http.post("/api/v1/webhooks", key,
                obj("url", "http://127.0.0.1:9/hook", "events", arr("contact.created"))).expect(201).obj()
                .getString("id");
        String contact = http.post("/api/v1/contacts", key,
                obj("email", "fixture" + System.nanoTime() + "@example.com", "firstName", "Fix")).expect(201).obj()
                .getString("id");
        String tag = http.post("/api/v1/tags", key, obj("name", "Fixture " + System.nanoTime())).expect(201)
                .obj().getString("id");
        String segment = http.post("/api/v1/segments", key, obj("name", "Fixture",
                "groups", arr(obj("rules", arr(obj("field", "firstName", "operator", "equals", "value", "Fix"))))))
                .expect(201).obj().getString("id");
        String workflow = http.post("/api/v1/workflows", key, obj("name", "Fixture", "status", "ACTIVE",
                "steps", arr(obj("type", "DELAY", "delayAmount", 1, "delayUnit", "DAYS"))))
                .expect(201).obj().getString("id");
        String enrollment = http.post("/api/v1/enrollments", key,
                obj("contactId", contact, "workflowId", workflow)).expect(201).obj()
                .getString("id");
        String delivery = http.get("/api/v1/webhooks/" + webhook + "/deliveries", key).expect(200).arr()
                .getJsonObject(0).getString("id");
        String suppression = http.post("/api/v1/suppressions", key,
                obj("email", "fixture" + System.nanoTime() + "@example.org", "reason", "MANUAL")).expect(201).obj()
                .getString("id");
        return new Fixture(tenant, contact, tag, workflow, segment, enrollment, webhook, delivery, suppression);
    }

    /** The route's path with this fixture's ids in place of its parameters. */
    public String path(ApiRoutes.Route route) {
        String[] parts = route.path().split("/");
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            path.append('/');
            if (part.equals("{contactId}")) {
                path.append(contactId);
            } else if (part.startsWith("{")) {
                path.append(switch (parts[i - 1]) {
                    case "contacts" -> contactId;
                    case "tags" -> tagId;
                    case "workflows" -> workflowId;
                    case "segments" -> segmentId;
                    case "enrollments" -> enrollmentId;
                    case "webhooks" -> webhookId;
                    case "deliveries" -> deliveryId;
                    case "suppressions" -> suppressionId;
                    // No message exists without the engine: the owner gets a 404, and so must everyone else.
                    case "messages" -> "no-message-in-the-fixture";
                    default -> throw new IllegalStateException("no fixture id for " + route);
                });
            } else {
                path.append(part);
            }
        }
        return path.toString();
    }

    /** The sample body of a POST route that takes none. */
    private static final JsonValue NO_BODY = JsonValue.NULL;

    /** A valid body for the route (null for routes without one). */
    public String body(ApiRoutes.Route route) {
        String key = route.method().text() + " " + route.path();
        Map<String, JsonValue> bodies = Map.ofEntries(
                Map.entry("POST /api/v1/contacts", obj("email", "new" + System.nanoTime() + "@example.com")),
                Map.entry("PATCH /api/v1/contacts/{id}", obj("company", "Changed")),
                Map.entry("POST /api/v1/contacts/{contactId}/tags/add", obj("tagId", tagId)),
                Map.entry("POST /api/v1/contacts/{contactId}/tags/remove", obj("tagId", tagId)),
                Map.entry("POST /api/v1/tags", obj("name", "T" + System.nanoTime())),
                Map.entry("PATCH /api/v1/tags/{id}", obj("name", "R" + System.nanoTime())),
                Map.entry("POST /api/v1/workflows", obj("name", "W")),
                Map.entry("PATCH /api/v1/workflows/{id}", obj("name", "Renamed")),
                Map.entry("PUT /api/v1/workflows/{id}/steps",
                        arr(obj("type", "DELAY", "delayAmount", 2, "delayUnit", "HOURS"))),
                Map.entry("POST /api/v1/segments", obj("name", "S", "groups", arr())),
                Map.entry("POST /api/v1/segments/preview", obj("groups", arr())),
                Map.entry("PATCH /api/v1/segments/{id}", obj("name", "Renamed")),
                Map.entry("POST /api/v1/enrollments",
                        obj("contactId", contactId, "workflowId", workflowId)),
                Map.entry("POST /api/v1/enrollments/{id}/exit", NO_BODY),
                Map.entry("POST /api/v1/events", obj("contactId", contactId, "name", "fixture")),
                Map.entry("POST /api/v1/events/batch",
                        obj("events", arr(obj("contactId", contactId, "name", "fixture")))),
                Map.entry("POST /api/v1/webhooks",
                        obj("url", "http://127.0.0.1:9/new", "events", arr("tag.added"))),
                Map.entry("PATCH /api/v1/webhooks/{id}", obj("description", "Changed")),
                Map.entry("POST /api/v1/webhooks/{id}/rotate-secret", NO_BODY),
                Map.entry("POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay", NO_BODY),

                Map.entry("PATCH /api/v1/settings", obj("sending", obj("requireConsent", false))),
                Map.entry("POST /api/v1/settings/rotate-form-token", NO_BODY),
                Map.entry("POST /api/v1/settings/rotate-bounce-secret", NO_BODY),
                Map.entry("POST /api/v1/suppressions",
                        obj("email", "s" + System.nanoTime() + "@example.org", "reason", "MANUAL")));
        String method = route.method().text();
        if (method.equals("GET") || method.equals("DELETE")) {
            return null;
        }
        JsonValue body = bodies.get(key);
        if (body == null) {
            throw new IllegalStateException("add a sample body for the new route " + key + " to Fixture");
        }
        return body == NO_BODY ? null : body.toString();
    }

    /** Whether the route names one resource (by path or body), so another tenant must get 404. */
    public static boolean targetsAResource(ApiRoutes.Route route) {
        return route.path().contains("{") || route.toString().equals("POST /api/v1/enrollments")
                || route.toString().equals("POST /api/v1/events");
    }
}
