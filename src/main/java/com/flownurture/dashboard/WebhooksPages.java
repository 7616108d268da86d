package com.flownurture.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.common.TargetPolicy;
import com.flownurture.webhooks.Delivery;
import com.flownurture.webhooks.Subscription;
import com.flownurture.webhooks.SubscriptionRepository;
import com.flownurture.webhooks.WebhooksService;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code /webhooks} (admins only): the organization's webhook subscriptions with their latest delivery; make one
 * (its signing secret shown once), edit, rotate the secret (the new one shown once), delete; a subscription's
 * deliveries in pages, each replayable. The same repository and field checks as {@code /api/v1/webhooks}, private
 * targets included.
 */
public final class WebhooksPages {

    static final int PAGE_SIZE = 25;

    private final SubscriptionRepository subscriptions;
    private final TargetPolicy targets;

    WebhooksPages(SubscriptionRepository subscriptions, TargetPolicy targets) {
        this.subscriptions = subscriptions;
        this.targets = targets;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/webhooks", this::list)
                .post("/webhooks", this::create)
                .get("/webhooks/{id}", this::show)
                .post("/webhooks/{id}", this::edit)
                .post("/webhooks/{id}/rotate-secret", this::rotateSecret)
                .post("/webhooks/{id}/delete", this::delete)
                .post("/webhooks/{id}/deliveries/{deliveryId}/replay", this::replay);
    }

    /** A subscription form as typed, and the message beside each field that broke a rule (none: empty). */
    public record Form(String url, List<String> events, String description, Map<String, String> errors) {

        static Form blank() {
            return new Form("", List.of(), "", Map.of());
        }

        static Form of(Subscription s) {
            return new Form(s.url(), s.events(), s.description() == null ? "" : s.description(), Map.of());
        }
    }

    /** A submitted form: the fields to save, or null when {@code form} holds errors. */
    private record Submitted(Form form, SubscriptionRepository.Fields fields) {
    }

    /** {@code curl -b jar "localhost:8080/webhooks?page=1"} */
    private void list(ServerRequest req, ServerResponse res) {
        showList(req, res, Status.OK_200, Form.blank(), null);
    }

    /**
     * {@code curl -b jar -d "_csrf=...&url=https://crm.example.com/hooks&events=contact.created"
     * localhost:8080/webhooks}
     */
    private void create(ServerRequest req, ServerResponse res) {
        Submitted submitted = submitted(req);
        if (submitted.fields() == null) {
            showList(req, res, Status.BAD_REQUEST_400, submitted.form(), null);
            return;
        }
        // Answered with the page itself, not a redirect: the secret is in this answer and in no later one.
        showList(req, res, Status.OK_200, Form.blank(), subscriptions.create(Chrome.orgId(req), submitted.fields()));
    }

    /** {@code curl -b jar "localhost:8080/webhooks/$ID?page=1"} */
    private void show(ServerRequest req, ServerResponse res) {
        Subscription s = subscriptions.get(Chrome.orgId(req), id(req));
        showOne(req, res, Status.OK_200, s, Form.of(s), null);
    }

    /** {@code curl -b jar -d "_csrf=...&url=https://crm.example.com/hooks&events=tag.added" localhost:8080/webhooks/$ID} */
    private void edit(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        Subscription current = subscriptions.get(org, id(req));
        Submitted submitted = submitted(req);
        if (submitted.fields() == null) {
            showOne(req, res, Status.BAD_REQUEST_400, current, submitted.form(), null);
            return;
        }
        subscriptions.update(org, current.id(), submitted.fields());
        Html.redirect(res, "/webhooks/" + current.id());
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/webhooks/$ID/rotate-secret} */
    private void rotateSecret(ServerRequest req, ServerResponse res) {
        Subscription rotated = subscriptions.rotateSecret(Chrome.orgId(req), id(req));
        showOne(req, res, Status.OK_200, rotated, Form.of(rotated), rotated.secret());
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/webhooks/$ID/delete} */
    private void delete(ServerRequest req, ServerResponse res) {
        subscriptions.delete(Chrome.orgId(req), id(req));
        Html.redirect(res, "/webhooks");
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/webhooks/$ID/deliveries/$DELIVERY/replay} */
    private void replay(ServerRequest req, ServerResponse res) {
        String id = id(req);
        subscriptions.replay(Chrome.orgId(req), id, req.path().pathParameters().get("deliveryId"));
        Html.redirect(res, "/webhooks/" + id);
    }

    /** The form's fields checked one by one by the API's rules, so each message stands beside its field. */
    private Submitted submitted(ServerRequest req) {
        Parameters params = DashboardFilter.form(req);
        String url = params.first("url").orElse("").strip();
        List<String> events = params.contains("events") ? params.all("events") : List.of();
        String description = params.first("description").orElse("").strip();
        JsonObjectBuilder given = Json.createObjectBuilder().add("events", Json.createArrayBuilder(events));
        if (!url.isEmpty()) {
            given.add("url", url);
        }
        if (!description.isEmpty()) {
            given.add("description", description);
        }
        JsonFields body = new JsonFields(given.build(), "");
        Map<String, String> errors = new LinkedHashMap<>();
        String checkedUrl = checked(errors, "url", () -> WebhooksService.url(body, targets));
        List<String> checkedEvents = checked(errors, "events", () -> WebhooksService.events(body));
        String checkedDescription = checked(errors, "description",
                () -> body.optionalString("description", WebhooksService.MAX_DESCRIPTION));
        Form form = new Form(url, events, description, errors);
        return new Submitted(form, errors.isEmpty()
                ? new SubscriptionRepository.Fields(checkedUrl, checkedEvents, checkedDescription) : null);
    }

    private static <T> T checked(Map<String, String> errors, String field, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private void showList(ServerRequest req, ServerResponse res, Status status, Form form, Subscription created) {
        String org = Chrome.orgId(req);
        int page = ContactsPages.pageNumber(req);
        SubscriptionRepository.Page<Subscription> found = subscriptions.list(org, new PageRequest(page, PAGE_SIZE));
        Map<String, Delivery> latest = subscriptions.latestDeliveries(org,
                found.items().stream().map(Subscription::id).toList());
        Html.send(res, status, "webhooks.jte", Html.params("page", Chrome.of(req, "Webhooks", "Webhooks"),
                "found", found, "latest", latest, "pageNo", page, "pageSize", PAGE_SIZE, "form", form,
                "created", created, "eventTypes", Subscription.EVENT_TYPES));
    }

    /** @param secret the secret just made, shown this once; null on every other answer */
    private void showOne(ServerRequest req, ServerResponse res, Status status, Subscription s, Form form,
                         String secret) {
        int page = ContactsPages.pageNumber(req);
        SubscriptionRepository.Page<Delivery> deliveries = subscriptions.deliveries(Chrome.orgId(req), s.id(),
                new PageRequest(page, PAGE_SIZE));
        Html.send(res, status, "webhook.jte", Html.params("page", Chrome.of(req, "Webhook", "Webhooks"),
                "subscription", s, "form", form, "secret", secret, "deliveries", deliveries, "pageNo", page,
                "pageSize", PAGE_SIZE, "eventTypes", Subscription.EVENT_TYPES));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
