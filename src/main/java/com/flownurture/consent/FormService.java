package com.flownurture.consent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.contacts.Consent;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.db.Database;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code POST /f/{formToken}}: the public subscription form, so a website adds subscribers without an API key. The
 * form token names the organization (it is not a secret: it sits in the website's HTML). A form post creates the
 * contact PENDING and sends the confirmation email; nobody is subscribed until the link is confirmed, so a
 * stranger's address typed in gets one email and nothing more.
 *
 * <p>Against bots and abuse: a honeypot field ({@value #HONEYPOT}, hidden from people by the website's CSS) that,
 * when filled, gets the same thank-you page and changes nothing; and at most {@value #MAX_PER_ADDRESS} confirmation
 * emails per address per day (then a 429), so the form cannot be used to flood someone's inbox. An address already
 * CONFIRMED gets the thank-you page and no email.
 */
public final class FormService implements ApiService {

    /** The field a person never fills in. */
    static final String HONEYPOT = "website";
    static final int MAX_PER_ADDRESS = 3;
    private static final Duration WINDOW = Duration.ofDays(1);
    private static final int MAX_FORM = 4096;

    private final Database db;
    private final Clock clock;
    private final ContactRepository contacts;
    private final ConsentRepository consent;

    public FormService(Database db, Clock clock, ContactRepository contacts, ConsentRepository consent) {
        this.db = db;
        this.clock = clock;
        this.contacts = contacts;
        this.consent = consent;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.publicPost("/f/{formToken}", this::subscribe);
    }

    /** {@code curl -d email=ann@example.com -d firstName=Ann localhost:8080/f/$FORM_TOKEN} */
    private void subscribe(ServerRequest req, ServerResponse res) {
        Optional<String> org = consent.formOrganization(req.path().pathParameters().get("formToken"));
        if (org.isEmpty()) {
            send(res, Status.NOT_FOUND_404, "Form not found", "This subscription form does not exist.");
            return;
        }
        String body = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (body.length() > MAX_FORM) {
            send(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "Too long", "The form is too long.");
            return;
        }
        Map<String, String> form = parse(body);
        if (!form.getOrDefault(HONEYPOT, "").isEmpty()) {
            thanks(res);
            return;
        }
        ContactChanges fields;
        try {
            JsonObjectBuilder json = Json.createObjectBuilder().add("email", form.getOrDefault("email", ""));
            for (String name : new String[] {"firstName", "lastName"}) {
                if (!form.getOrDefault(name, "").isBlank()) {
                    json.add(name, form.get(name).strip());
                }
            }
            fields = ContactChanges.parse(new JsonFields(json.build(), ""), true);
        } catch (InvalidInputException e) {
            send(res, Status.BAD_REQUEST_400, "Please check the form", "Enter a valid email address.");
            return;
        }
        boolean allowed = db.write(tx -> {
            Optional<Contact> existing = contacts.findByEmail(tx, org.get(), fields.email());
            if (existing.isEmpty()) {
                consent.request(tx, contacts.create(tx, org.get(), fields), "form");
                return true;
            }
            Contact contact = existing.get();
            if (contact.consent().status() == Consent.Status.CONFIRMED) {
                return true;
            }
            if (consent.requestsSince(tx, org.get(), contact.id(), clock.millis() - WINDOW.toMillis())
                    >= MAX_PER_ADDRESS) {
                return false;
            }
            consent.request(tx, contact, "form");
            return true;
        });
        if (allowed) {
            thanks(res);
        } else {
            send(res, Status.TOO_MANY_REQUESTS_429, "Please check your inbox",
                    "We already sent a confirmation email to this address several times today.");
        }
    }

    private static void thanks(ServerResponse res) {
        send(res, Status.OK_200, "Please check your inbox",
                "We sent you an email: follow its link to confirm your subscription.");
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                fields.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: the field is ignored
            }
        }
        return fields;
    }

    private static void send(ServerResponse res, Status status, String title, String text) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(("<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head><body style=\"font-family:sans-serif;max-width:32em;"
                + "margin:4em auto\"><h1>" + title + "</h1><p>" + text + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8));
    }
}
