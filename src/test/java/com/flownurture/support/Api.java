package com.flownurture.support;

import java.time.Duration;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;

/**
 * The API as one key sees it: requests with JSON bodies built by {@link Json}, and the resources most tests need made
 * in one call each. {@code server.api(tenant).createContact("a@example.com")}. Every helper asserts the status the API
 * documents, so a test that only sets the scene fails where the scene broke.
 */
public final class Api {

    private final Http http;
    private final String key;

    Api(Http http, String key) {
        this.http = http;
        this.key = key;
    }

    public String key() {
        return key;
    }

    public Http.Response get(String path) {
        return http.get(path, key);
    }

    public Http.Response delete(String path) {
        return http.delete(path, key);
    }

    /** A POST without a body. */
    public Http.Response post(String path) {
        return http.post(path, key);
    }

    public Http.Response post(String path, JsonValue body) {
        return http.post(path, key, body);
    }

    public Http.Response patch(String path, JsonValue body) {
        return http.patch(path, key, body);
    }

    public Http.Response put(String path, JsonValue body) {
        return http.put(path, key, body);
    }

    /** A new contact with just an email; its id. */
    public String createContact(String email) {
        return createContact(obj("email", email)).getString("id");
    }

    /** A new contact with these fields; the contact as the API returns it. */
    public JsonObject createContact(JsonObject fields) {
        return post("/api/v1/contacts", fields).expect(201).obj();
    }

    /** A new tag; its id. */
    public String createTag(String name) {
        return post("/api/v1/tags", obj("name", name)).expect(201).obj().getString("id");
    }

    /** A new active workflow named "W" with these steps; its id. */
    public String createWorkflow(JsonArray steps) {
        return createWorkflow(obj("name", "W", "status", "ACTIVE", "steps", steps));
    }

    /** A new workflow as described; its id. */
    public String createWorkflow(JsonObject workflow) {
        return post("/api/v1/workflows", workflow).expect(201).obj().getString("id");
    }

    /**
     * A new contact enrolled in a new workflow of one email (subject "S", body "b"); the message once the outbox has
     * SENT it, for tests of what happens to a message after it left.
     */
    public JsonObject sendEmail(String email) {
        String contact = createContact(email);
        enroll(contact, createWorkflow(arr(obj("type", "SEND_EMAIL", "subject", "S", "body", "b"))));
        return sentMessage(contact);
    }

    /** Enrolls the contact in the workflow; the enrollment's id. */
    public String enroll(String contactId, String workflowId) {
        return post("/api/v1/enrollments", obj("contactId", contactId, "workflowId", workflowId)).expect(201).obj()
                .getString("id");
    }

    public JsonObject contact(String id) {
        return get("/api/v1/contacts/" + id).expect(200).obj();
    }

    public JsonObject enrollment(String id) {
        return get("/api/v1/enrollments/" + id).expect(200).obj();
    }

    /** The messages to a contact. */
    public JsonArray messages(String contactId) {
        return get("/api/v1/messages?contactId=" + contactId).expect(200).arr();
    }

    /** The messages to a contact in a status. */
    public JsonArray messages(String contactId, String status) {
        return get("/api/v1/messages?contactId=" + contactId + "&status=" + status).expect(200).arr();
    }

    /** Waits until the outbox has sent the contact's one message; that message. */
    public JsonObject sentMessage(String contactId) {
        return Await.value(Duration.ofSeconds(10), "the message to " + contactId + " SENT", () -> {
            JsonArray sent = messages(contactId, "SENT");
            return sent.isEmpty() ? null : sent.getJsonObject(0);
        });
    }

    /** Sends an event for a contact (the key needs events:write); the event's id. */
    public String event(String contactId, String name, JsonObject properties) {
        return post("/api/v1/events", obj("contactId", contactId, "name", name, "properties", properties))
                .expect(202).obj().getString("id");
    }
}
