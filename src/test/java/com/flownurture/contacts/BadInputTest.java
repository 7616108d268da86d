package com.flownurture.contacts;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear 4xx JSON error and changes nothing. */
class BadInputTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();
    private static TestApp.Tenant tenant;
    private static String contactId;

    @BeforeAll
    static void createTenant() {
        tenant = server.tenant();
        contactId = server.http().post("/api/v1/contacts", tenant.key(), "{\"email\":\"keep@example.com\"}")
                .expect(201).obj().getString("id");
    }

    record Case(String name, Method method, String path, String contentType, byte[] body, int status,
                String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case json(String name, Method method, String path, String body, int status, String part) {
        return new Case(name, method, path, "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), status, part);
    }

    static List<Case> cases() {
        String big = "x".repeat(256);
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        byte[] invalidUtf8 = {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        return List.of(
                json("malformed JSON", Method.POST, "/api/v1/contacts", "{\"email\":", 400, "Malformed JSON"),
                json("empty body", Method.POST, "/api/v1/contacts", "", 400, "required"),
                json("array instead of object", Method.POST, "/api/v1/contacts", "[]", 400, "JSON object"),
                json("missing email", Method.POST, "/api/v1/contacts", "{\"firstName\":\"A\"}", 400, "email"),
                json("invalid email", Method.POST, "/api/v1/contacts", "{\"email\":\"nope\"}", 400, "email"),
                json("email of wrong type", Method.POST, "/api/v1/contacts", "{\"email\":42}", 400, "email"),
                json("unknown field", Method.POST, "/api/v1/contacts", "{\"email\":\"u@x.io\",\"admin\":true}",
                        400, "admin"),
                json("over-long string", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"l@x.io\",\"company\":\"" + big + "\"}", 400, "company"),
                json("bad lifecycle stage", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"s@x.io\",\"lifecycleStage\":\"VIP\"}", 400, "lifecycleStage"),
                json("score not an integer", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"n@x.io\",\"leadScore\":1.5}", 400, "leadScore"),
                json("over-long number", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"n@x.io\",\"leadScore\":" + "9".repeat(400) + "}", 400, null),
                json("custom fields nested", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"c@x.io\",\"customFields\":{\"a\":{\"b\":1}}}", 400, "customFields"),
                json("custom fields too large", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"c@x.io\",\"customFields\":{\"a\":\"" + "y".repeat(17_000) + "\"}}", 400,
                        "customFields"),
                json("duplicate keys", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"d@x.io\",\"email\":\"e@x.io\"}", 400, null),
                json("deeply nested", Method.POST, "/api/v1/contacts", deep, 400, null),
                json("NUL in a string", Method.POST, "/api/v1/contacts",
                        "{\"email\":\"z@x.io\",\"firstName\":\"a\\u0000b\"}", 400, "NUL"),
                new Case("invalid UTF-8", Method.POST, "/api/v1/contacts", "application/json", invalidUtf8, 400,
                        "UTF-8"),
                new Case("wrong content type", Method.POST, "/api/v1/contacts", "text/plain",
                        "{\"email\":\"t@x.io\"}".getBytes(StandardCharsets.UTF_8), 415, "Content-Type"),
                new Case("no content type", Method.POST, "/api/v1/contacts", null,
                        "{\"email\":\"t@x.io\"}".getBytes(StandardCharsets.UTF_8), 415, "Content-Type"),
                json("patch with nothing", Method.PATCH, "/api/v1/contacts/" + contactId, "{}", 400, null),
                json("patch unknown field", Method.PATCH, "/api/v1/contacts/" + contactId, "{\"id\":\"x\"}", 400,
                        "id"),
                json("page not a number", Method.GET, "/api/v1/contacts?page=abc", null, 400, "page"),
                json("page zero", Method.GET, "/api/v1/contacts?page=0", null, 400, "page"),
                json("limit too large", Method.GET, "/api/v1/contacts?limit=101", null, 400, "limit"),
                json("limit zero", Method.GET, "/api/v1/contacts?limit=0", null, 400, "limit"),
                json("limit given twice", Method.GET, "/api/v1/contacts?limit=1&limit=2", null, 400, "limit"),
                json("tag add without tagId", Method.POST, "/api/v1/contacts/" + contactId + "/tags/add", "{}", 400,
                        "tagId"),
                json("unknown tag", Method.POST, "/api/v1/contacts/" + contactId + "/tags/add",
                        "{\"tagId\":\"cnotatag\"}", 404, "Tag"),
                // An encoded / is refused before routing (http/CanonicalPath): no id holds one.
                json("path traversal id", Method.GET, "/api/v1/contacts/..%2F..%2Fetc%2Fpasswd", null, 400, "path"),
                json("enrollment without ids", Method.POST, "/api/v1/enrollments", "{}", 400, "contactId"));
    }

    private String before;

    /** A 64 KB header is refused with the error JSON before any handler runs. */
    @org.junit.jupiter.api.Test
    void aHugeHeaderIsRefusedWithTheErrorJson() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.app().port())) {
            socket.setSoTimeout(10_000);
            String request = "GET /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + tenant.key() + "\r\nX-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n";
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedEarly) {
                // refused before it was all sent
            }
            String response = new String(socket.getInputStream().readNBytes(600), StandardCharsets.UTF_8);
            assertTrue(response.matches("(?s)HTTP/1.1 4\\d\\d .*\"statusCode\":4\\d\\d.*"), response);
        }
    }

    /**
     * A 2 MiB body, sent on a raw socket: the server answers 413 as soon as it sees the length, and may close the
     * connection while the client is still writing, which a real client must expect too.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "chunked={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aTwoMebibyteBodyIs413(boolean chunked) throws Exception {
        int size = 2 * 1024 * 1024;
        String head = "POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + tenant.key()
                + "\r\nContent-Type: application/json\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.app().port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    if (chunked) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server refused the body before it was all sent
            }
            String response = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("\"statusCode\":413"), response);
        }
        assertEquals(before, DbSnapshot.of(server), "nothing changed");
    }

    @BeforeEach
    void snapshot() {
        before = DbSnapshot.of(server);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAClearErrorAndChangesNothing(Case c) {
        Http.Response response = server.http().sendBytes(c.method(), c.path(), List.of("Bearer " + tenant.key()),
                c.contentType(), c.body());
        response.expectError(c.status());
        if (c.messagePart() != null) {
            assertTrue(response.obj().getString("message").contains(c.messagePart()),
                    "message names the problem: " + response.body());
        }
        assertTrue(!response.body().contains("Exception") && !response.body().contains("SQLITE")
                && !response.body().contains("SELECT"), response.body());
        assertEquals(before, DbSnapshot.of(server), "nothing changed");
    }
}
