package com.flownurture.changes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.flownurture.db.AdHoc;
import com.flownurture.db.Params;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The changes repositories publish, heard inside the write's transaction, and a failing listener's rollback. */
class ChangesTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private static final List<Change> heard = new CopyOnWriteArrayList<>();
    /** The email a listener refuses: its write must leave nothing behind. */
    private static final String REFUSED = "refused@example.com";
    private Http http;
    private String key;

    @BeforeAll
    static void listen() {
        server.app().components().changes().subscribe((tx, change) -> {
            if (change instanceof Change.ContactCreated created
                    && created.contact().get().getString("email").equals(REFUSED)) {
                throw new IllegalStateException("refused by the test's listener");
            }
            heard.add(change);
        });
    }

    @BeforeEach
    void newTenant() {
        http = server.http();
        key = server.tenant().key();
        heard.clear();
    }

    @Test
    void contactAndTagWritesAreHeardOnceEach() {
        String id = http.post("/api/v1/contacts", key, obj("email", "jane@example.com")).expect(201).obj()
                .getString("id");
        Change.ContactCreated created = assertInstanceOf(Change.ContactCreated.class, heard.getFirst());
        assertEquals(id, created.contactId());
        assertEquals("contact.created", created.type());

        http.patch("/api/v1/contacts/" + id, key, obj("lifecycleStage", "MQL", "company", null)).expect(200);
        Change.ContactUpdated updated = assertInstanceOf(Change.ContactUpdated.class, heard.getLast());
        assertEquals(java.util.Set.of("lifecycleStage"), updated.fields(), "company was null already");
        assertEquals("MQL", updated.contact().get().getString("lifecycleStage"));
        http.patch("/api/v1/contacts/" + id, key, obj("lifecycleStage", "MQL")).expect(200);
        assertEquals(2, heard.size(), "a patch that changes nothing is not a change");

        String tag = http.post("/api/v1/tags", key, obj("name", "VIP")).expect(201).obj().getString("id");
        JsonObject body = obj("tagId", tag);
        http.post("/api/v1/contacts/" + id + "/tags/add", key, body).expect(200);
        http.post("/api/v1/contacts/" + id + "/tags/add", key, body).expect(200);
        http.post("/api/v1/contacts/" + id + "/tags/remove", key, body).expect(200);
        http.post("/api/v1/contacts/" + id + "/tags/remove", key, body).expect(200);
        assertEquals(List.of(new Change.TagAdded(created.orgId(), id, tag), new Change.TagRemoved(created.orgId(), id,
                tag)), heard.subList(2, heard.size()), "only real additions and removals");

        http.delete("/api/v1/contacts/" + id, key).expect(204);
        Change.ContactDeleted deleted = assertInstanceOf(Change.ContactDeleted.class, heard.getLast());
        assertEquals("jane@example.com", deleted.contact().getString("email"), "the snapshot before erasure");
    }

    @Test
    void enrollmentsMessagesAndUnsubscribesAreHeard() {
        String contact = http.post("/api/v1/contacts", key, obj("email", "eve@example.com")).expect(201).obj()
                .getString("id");
        String workflow = http.post("/api/v1/workflows", key, obj("name", "W", "status", "ACTIVE",
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "Hi", "body", "Hello"))))
                .expect(201).obj().getString("id");
        String enrollment = http.post("/api/v1/enrollments", key,
                obj("contactId", contact, "workflowId", workflow)).expect(201).obj()
                .getString("id");
        Change.EnrollmentChanged created = assertInstanceOf(Change.EnrollmentChanged.class, heard.getLast());
        assertEquals(List.of(enrollment, "enrollment.created", workflow), List.of(created.enrollmentId(),
                created.type(), created.workflowId()));

        // The engine is stopped in this server: one tick runs the step and completes the enrollment.
        server.app().engine().tick();
        Change.EnrollmentChanged completed = assertInstanceOf(Change.EnrollmentChanged.class, heard.getLast());
        assertEquals("enrollment.completed", completed.type());
        assertEquals("COMPLETED", completed.enrollment().get().getString("status"));
        server.app().outbox().deliverDue();
        Change.MessageChanged sent = assertInstanceOf(Change.MessageChanged.class, heard.getLast());
        assertEquals("message.sent", sent.type());
        assertEquals(List.of(sent.messageId()), http.get("/api/v1/messages?status=SENT&contactId=" + contact, key)
                .expect(200).arr().stream().map(m -> m.asJsonObject().getString("id")).toList());

        String token = server.app().components().db().one(
                AdHoc.sql("SELECT unsubscribe_token FROM messages WHERE contact_id = :contact"),
                Params.of("contact", contact), row -> row.string("unsubscribe_token")).orElseThrow();
        http.post("/u/" + token, null, "List-Unsubscribe=One-Click").expect(200);
        http.post("/u/" + token, null, "List-Unsubscribe=One-Click").expect(200);
        assertEquals(List.of(new Change.ContactUnsubscribed(created.orgId(), contact)),
                heard.stream().filter(c -> c instanceof Change.ContactUnsubscribed).toList(), "heard once");
    }

    @Test
    void aListenerThatFailsRollsTheWriteBack() {
        http.post("/api/v1/contacts", key, obj("email", REFUSED)).expect(500);
        assertEquals(0, http.get("/api/v1/contacts?search=refused", key).expect(200).arr().size());
        assertEquals(List.of(), heard);
    }
}
