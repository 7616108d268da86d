package com.flownurture.consent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

import com.flownurture.support.Await;
import com.flownurture.support.Http;
import com.flownurture.support.Smtp;
import com.flownurture.support.TestApp;
import io.helidon.http.Method;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.flownurture.consent.DoubleOptInTest.LINK;
import static com.flownurture.consent.DoubleOptInTest.cli;
import static com.flownurture.consent.DoubleOptInTest.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public subscription form through the real server and GreenMail: the token, the honeypot, the limit. */
class SubscriptionFormTest {

    private static final Smtp smtp = new Smtp();

    @RegisterExtension
    static final TestApp server = TestApp.perClass(smtp);

    private final Http http = server.http();
    private String key;

    @Test
    void theSubscriptionFormCreatesAPendingContactIgnoresTheHoneypotAndLimitsEachAddress() throws Exception {
        TestApp.Tenant tenant = server.tenant();
        key = tenant.key();
        String token = Json.createReader(new StringReader(cliOut("orgs", "settings", "--org", tenant.orgId(),
                "--db", server.dbArgument(), "--config", server.cliConfig()))).readObject().getJsonObject("form").getString("token");
        assertTrue(token.matches("[0-9a-f]{32}"), token);
        assertTrue(cliOut("orgs", "settings", "--org", tenant.orgId(), "--db", server.dbArgument(), "--config", server.cliConfig())
                .contains(token), "the token stays");
        String form = "/f/" + token;

        assertEquals(404, form("/f/" + "0".repeat(32), "email=a@example.com").status());
        assertEquals(200, form(form, "email=bot%40example.com&website=http%3A%2F%2Fspam").status());
        assertEquals(400, form(form, "email=not-an-address").status());
        assertEquals(0, http.get("/api/v1/contacts", key).expect(200).arr().size(), "the bot and the typo add no one");

        assertEquals(200, form(form, "email=form%40example.com&firstName=Fo&website=").status());
        JsonObject contact = http.get("/api/v1/contacts", key).expect(200).arr().getJsonObject(0);
        assertEquals("form@example.com", contact.getString("email"));
        assertEquals("Fo", contact.getString("firstName"));
        assertEquals("PENDING", contact.getJsonObject("consent").getString("status"));
        assertEquals("form", contact.getJsonObject("consent").getString("source"));
        assertEquals(200, form(form, "email=Form%40Example.com").status());
        assertEquals(200, form(form, "email=form%40example.com").status());
        assertEquals(200, form(form, "email=form%40example.com").status(),
                "three confirmation emails per address a day; the fourth post is thanked and sends nothing");
        Await.until(Duration.ofSeconds(5), "three confirmation emails",
                () -> smtp.mailTo("form@example.com").size() == 3);
        assertEquals(3, http.get("/api/v1/messages", key).expect(200).arr().size(), "no fourth email queued");

        Matcher link = LINK.matcher(content(smtp.mailTo("form@example.com").getLast()));
        assertTrue(link.find());
        assertEquals(200, http.post("/c/" + link.group(1), null).status());
        assertEquals(200, form(form, "email=form%40example.com").status(), "confirmed: thanks, and no email");
        assertEquals("CONFIRMED", consent(contact.getString("id")).getString("status"));
    }

    private Http.Response form(String path, String body) {
        return http.send(Method.POST, path, List.of(), "application/x-www-form-urlencoded", body);
    }

    private static String cliOut(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, cli(args));
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(original);
        }
    }

    private JsonObject consent(String contact) {
        return http.get("/api/v1/contacts/" + contact, key).expect(200).obj().getJsonObject("consent");
    }
}
