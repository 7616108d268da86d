package com.flownurture.consent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.flownurture.support.DbSnapshot;
import com.flownurture.support.Http;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.support.Json.arr;
import static com.flownurture.support.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET}/{@code PATCH /api/v1/settings} and {@code POST /api/v1/settings/rotate-form-token} over real HTTP:
 * the CLI's shape, validation that changes nothing, the form token's rotation, one organization's settings only,
 * and {@code requireConsent} set through the API reaching delivery.
 */
class SettingsApiTest {

    @RegisterExtension
    static final TestApp server = TestApp.perClass();

    @Test
    void getShowsTheDefaultsAndPatchChangesWhatItNamesInTheShapeTheCliPrints() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        JsonObject defaults = server.http().get("/api/v1/settings", tenant.key()).expect(200).obj();
        assertFalse(defaults.getJsonObject("sending").getBoolean("requireConsent"));
        assertEquals(ConsentRepository.DEFAULT_SUBJECT, defaults.getJsonObject("doubleOptIn").getString("subject"));
        assertEquals(ConsentRepository.DEFAULT_TEMPLATE, defaults.getJsonObject("doubleOptIn").getString("template"));
        assertTrue(defaults.getJsonObject("form").isNull("token"), "made on the first change");

        JsonObject changed = server.http().patch("/api/v1/settings", tenant.key(),
                obj("sending", obj("requireConsent", true))).expect(200).obj();
        assertTrue(changed.getJsonObject("sending").getBoolean("requireConsent"));
        assertEquals(defaults.getJsonObject("doubleOptIn"), changed.getJsonObject("doubleOptIn"), "left as it was");
        String token = changed.getJsonObject("form").getString("token");
        assertTrue(token.matches("[0-9a-f]{32}"), token);

        JsonObject email = server.http().patch("/api/v1/settings", tenant.key(), """
                {"doubleOptIn":{"subject":"Confirm, please","template":
                 "<p onclick=\\"steal()\\">Hi</p><script>steal()</script><a href=\\"{{confirmUrl}}\\">Yes</a>"}}""")
                .expect(200).obj();
        assertEquals("Confirm, please", email.getJsonObject("doubleOptIn").getString("subject"));
        assertEquals("<p>Hi</p><a href=\"{{confirmUrl}}\">Yes</a>",
                email.getJsonObject("doubleOptIn").getString("template"), "stored sanitized, the link kept");
        assertTrue(email.getJsonObject("sending").getBoolean("requireConsent"), "left as it was");
        assertEquals(token, email.getJsonObject("form").getString("token"), "the token stays");

        JsonObject read = server.http().get("/api/v1/settings", tenant.key()).expect(200).obj();
        assertEquals(email, read);
        assertEquals(read, Json.createReader(new StringReader(cliOut("orgs", "settings", "--org", tenant.orgId(),
                "--db", server.dbArgument(), "--config", server.cliConfig()))).readObject(), "the CLI prints the same");
    }

    @Test
    void badSettingsAre400AndChangeNothing() {
        TestApp.Tenant tenant = server.tenant();
        String before = DbSnapshot.of(server);
        for (JsonValue body : List.of(obj(), arr(), obj("sending", obj()), obj("sending", true), obj("sending", null),
                obj("sending", obj("requireConsent", "yes")), obj("sending", obj("requireConsent", null)),
                obj("sending", obj("requireConsent", true, "other", 1)), obj("other", 1),
                obj("form", obj("token", "a".repeat(32))),
                obj("doubleOptIn", obj()), obj("doubleOptIn", obj("subject", null)),
                obj("doubleOptIn", obj("subject", " ")),
                obj("doubleOptIn", obj("subject", "line\nBcc: all@example.com")),
                obj("doubleOptIn", obj("subject", "s".repeat(256))),
                obj("doubleOptIn", obj("template", "<p>no link</p>")),
                obj("doubleOptIn", obj("template", "<p>{{confirmUrl}}</p>" + "x".repeat(100_000))),
                obj("doubleOptIn", obj("template", "<script>{{confirmUrl}}</script>")),
                // A valid change beside a bad one: neither is made.
                obj("sending", obj("requireConsent", true), "doubleOptIn", obj("template", "<p>none</p>")))) {
            server.http().patch("/api/v1/settings", tenant.key(), body).expectError(400);
        }
        assertEquals(before, DbSnapshot.of(server));
        JsonObject settings = server.http().get("/api/v1/settings", tenant.key()).expect(200).obj();
        assertFalse(settings.getJsonObject("sending").getBoolean("requireConsent"));
        assertTrue(settings.getJsonObject("form").isNull("token"));
    }

    @Test
    void rotatingTheFormTokenRetiresTheOldOne() {
        TestApp.Tenant tenant = server.tenant();
        String first = server.http().post("/api/v1/settings/rotate-form-token", tenant.key()).expect(200).obj()
                .getJsonObject("form").getString("token");
        assertEquals(200, form(first, "email=one%40example.com").status());
        String second = server.http().post("/api/v1/settings/rotate-form-token", tenant.key()).expect(200)
                .obj().getJsonObject("form").getString("token");
        assertNotEquals(first, second);
        assertTrue(second.matches("[0-9a-f]{32}"), second);
        assertEquals(404, form(first, "email=two%40example.com").status());
        assertEquals(200, form(second, "email=two%40example.com").status());
        assertEquals(second, server.http().get("/api/v1/settings", tenant.key()).expect(200).obj()
                .getJsonObject("form").getString("token"));
    }

    @Test
    void eachOrganizationSeesAndChangesOnlyItsOwnSettings() {
        TestApp.Tenant a = server.tenant();
        TestApp.Tenant b = server.tenant();
        String tokenA = server.http().patch("/api/v1/settings", a.key(), obj("sending", obj("requireConsent", true)))
                .expect(200).obj().getJsonObject("form").getString("token");
        JsonObject ofB = server.http().get("/api/v1/settings", b.key()).expect(200).obj();
        assertFalse(ofB.getJsonObject("sending").getBoolean("requireConsent"));
        assertFalse(ofB.toString().contains(tokenA));
        String tokenB = server.http().post("/api/v1/settings/rotate-form-token", b.key()).expect(200).obj()
                .getJsonObject("form").getString("token");
        server.http().patch("/api/v1/settings", b.key(), obj("doubleOptIn", obj("subject", "B's"))).expect(200);
        JsonObject ofA = server.http().get("/api/v1/settings", a.key()).expect(200).obj();
        assertTrue(ofA.getJsonObject("sending").getBoolean("requireConsent"));
        assertEquals(tokenA, ofA.getJsonObject("form").getString("token"), "B's rotation leaves A's token");
        assertEquals(ConsentRepository.DEFAULT_SUBJECT, ofA.getJsonObject("doubleOptIn").getString("subject"));
        assertNotEquals(tokenA, tokenB);
    }

    @Test
    void requireConsentSetThroughTheApiSuppressesWorkflowEmailToContactsNotConfirmed() {
        TestApp.Tenant tenant = server.tenant();
        server.http().patch("/api/v1/settings", tenant.key(), obj("sending", obj("requireConsent", true))).expect(200);
        String flow = server.http().post("/api/v1/workflows", tenant.key(), obj("name", "News", "status", "ACTIVE",
                "steps", arr(obj("type", "SEND_EMAIL", "subject", "News", "body", "b"))))
                .expect(201).obj().getString("id");
        String contact = server.http().post("/api/v1/contacts", tenant.key(),
                obj("email", "never-asked@example.com")).expect(201).obj().getString("id");
        server.http().post("/api/v1/enrollments", tenant.key(),
                obj("contactId", contact, "workflowId", flow)).expect(201);
        server.app().engine().tick();
        server.app().outbox().deliverDue();
        JsonObject message = server.http().get("/api/v1/messages?contactId=" + contact, tenant.key()).expect(200)
                .arr().getJsonObject(0);
        assertEquals("SUPPRESSED", message.getString("status"));
        assertEquals("NO_CONSENT", message.getString("suppressionReason"));
    }

    private static Http.Response form(String token, String body) {
        return server.http().send(Method.POST, "/f/" + token, List.of(), "application/x-www-form-urlencoded", body);
    }

    private static String cliOut(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, DoubleOptInTest.cli(args));
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(original);
        }
    }
}
