package com.flownurture.consent;

import java.util.Map;
import java.util.Optional;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.contacts.ContactChanges;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.ClientAddress;
import com.flownurture.http.PublicForm;
import com.flownurture.http.PublicPages;
import com.flownurture.ratelimit.Limiter;
import com.flownurture.ratelimit.TokenBucket;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code POST /f/{formToken}}: the public subscription form, so a website adds subscribers without an API key. The
 * form token names the organization (it is not a secret: it sits in the website's HTML). A form post creates the
 * contact PENDING and sends the confirmation email; nobody is subscribed until the link is confirmed, so a
 * stranger's address typed in gets one email and nothing more ({@link FormSignups}).
 *
 * <p>Against bots and abuse (docs/deliverability.md, consent): each client address and each form take only so many
 * posts a minute ({@code forms.*} in the configuration), then 429 whatever the address posted; a honeypot field
 * ({@value #HONEYPOT}, hidden from people by the website's CSS) that, when filled, gets the thank-you page and changes
 * nothing; and a daily cap of confirmation emails per mailbox, beyond which a post gets the same thank-you page and
 * sends nothing. Every accepted post gets the same page, so the form never tells whether an address subscribed.
 */
public final class FormService implements ApiService {

    /** The field a person never fills in. */
    static final String HONEYPOT = "website";
    private static final int MAX_FORM = 4096;

    /** The pages a post may get, each with its title (the template {@code subscriber/form.jte}). */
    public enum Page {
        THANKS("Please check your inbox"), INVALID("Please check the form"), TOO_LONG("Too long"),
        TOO_MANY("Please try again later"), NOT_FOUND("Form not found");

        private final String title;

        Page(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final ConsentRepository consent;
    private final FormSignups signups;
    private final Limiter perClient;
    private final Limiter perForm;
    private final ClientAddress clientAddress;

    /**
     * @param perClient posts per client address, to any form
     * @param perForm   posts per form, from anyone
     */
    public FormService(ConsentRepository consent, FormSignups signups, Limiter perClient, Limiter perForm,
                       ClientAddress clientAddress) {
        this.consent = consent;
        this.signups = signups;
        this.perClient = perClient;
        this.perForm = perForm;
        this.clientAddress = clientAddress;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.publicPost("/f/{formToken}", this::subscribe);
    }

    /** {@code curl -d email=ann@example.com -d firstName=Ann localhost:8080/f/$FORM_TOKEN} */
    private void subscribe(ServerRequest req, ServerResponse res) {
        // The client's budget first, so that guessing form tokens costs it too.
        if (refused(res, perClient.tryTake("form-client:" + clientAddress.of(req)))) {
            return;
        }
        String token = req.path().pathParameters().get("formToken");
        Optional<String> org = consent.formOrganization(token);
        if (org.isEmpty()) {
            send(res, Status.NOT_FOUND_404, Page.NOT_FOUND);
            return;
        }
        if (refused(res, perForm.tryTake("form:" + token))) {
            return;
        }
        PublicForm form;
        try {
            form = PublicForm.read(req, MAX_FORM);
        } catch (PublicForm.Unreadable e) {
            send(res, e.status(), e.status() == Status.BAD_REQUEST_400 ? Page.INVALID : Page.TOO_LONG);
            return;
        }
        if (!form.value(HONEYPOT).isEmpty()) {
            send(res, Status.OK_200, Page.THANKS);
            return;
        }
        ContactChanges fields;
        try {
            JsonObjectBuilder json = Json.createObjectBuilder().add("email", form.value("email"));
            for (String name : new String[] {"firstName", "lastName"}) {
                if (!form.value(name).isBlank()) {
                    json.add(name, form.value(name).strip());
                }
            }
            fields = ContactChanges.parse(new JsonFields(json.build(), ""), true);
        } catch (InvalidInputException e) {
            send(res, Status.BAD_REQUEST_400, Page.INVALID);
            return;
        }
        signups.subscribe(org.get(), fields);
        send(res, Status.OK_200, Page.THANKS);
    }

    /** Answers 429 when the bucket refused the post. */
    private static boolean refused(ServerResponse res, TokenBucket.Decision decision) {
        if (decision.allowed()) {
            return false;
        }
        res.header(HeaderNames.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        send(res, Status.TOO_MANY_REQUESTS_429, Page.TOO_MANY);
        return true;
    }

    private static void send(ServerResponse res, Status status, Page page) {
        PublicPages.send(res, status, "form", Map.of("page", page));
    }
}
