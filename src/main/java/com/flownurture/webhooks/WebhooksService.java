package com.flownurture.webhooks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.flownurture.auth.Principal;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.common.TargetPolicy;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonBody;
import com.flownurture.http.Paging;
import com.flownurture.http.Responses;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * {@code /api/v1/webhooks}: subscriptions to an organization's changes, their signing secrets, and their
 * deliveries (listed, and replayed on demand).
 */
public final class WebhooksService implements ApiService {

    /** The longest URL and description a subscription keeps. */
    public static final int MAX_URL = 2048;
    public static final int MAX_DESCRIPTION = 255;
    private static final List<String> FIELDS = List.of("url", "events", "description");

    private final SubscriptionRepository subscriptions;
    private final TargetPolicy targets;
    private final Idempotency idempotency;

    public WebhooksService(SubscriptionRepository subscriptions, TargetPolicy targets, Idempotency idempotency) {
        this.subscriptions = subscriptions;
        this.targets = targets;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/webhooks", this::list)
                .post("/webhooks", this::create)
                .get("/webhooks/{id}", this::get)
                .patch("/webhooks/{id}", this::update)
                .delete("/webhooks/{id}", this::delete)
                .post("/webhooks/{id}/rotate-secret", this::rotateSecret)
                .get("/webhooks/{id}/deliveries", this::deliveries)
                .post("/webhooks/{id}/deliveries/{deliveryId}/replay", this::replay);
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"url":"https://example.com/hooks","events":["contact.created"]}' localhost:8080/api/v1/webhooks}
     */
    private void create(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(FIELDS);
        SubscriptionRepository.Fields fields = new SubscriptionRepository.Fields(url(body, targets),
                events(body), body.optionalString("description", MAX_DESCRIPTION));
        idempotency.respond(req, res, Status.CREATED_201,
                () -> subscriptions.create(Principal.of(req).orgId(), fields).toJsonWithSecret());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/webhooks} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest page = Paging.from(req);
        SubscriptionRepository.Page<Subscription> found = subscriptions.list(Principal.of(req).orgId(), page);
        JsonArrayBuilder body = Json.createArrayBuilder();
        found.items().forEach(s -> body.add(s.toJson()));
        Paging.headers(req, res, page, found.total(), Map.of());
        Responses.ok(res, body.build());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/webhooks/$ID} */
    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, subscriptions.get(Principal.of(req).orgId(), id(req)).toJson());
    }

    /**
     * {@code curl -X PATCH -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"events":["contact.created","tag.added"]}' localhost:8080/api/v1/webhooks/$ID}
     */
    private void update(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(FIELDS);
        if (body.isEmpty()) {
            throw new InvalidInputException("Request body must change at least one field");
        }
        String orgId = Principal.of(req).orgId();
        Subscription current = subscriptions.get(orgId, id(req));
        SubscriptionRepository.Fields fields = new SubscriptionRepository.Fields(
                body.has("url") ? url(body, targets) : current.url(),
                body.has("events") ? events(body) : current.events(),
                body.has("description") ? body.optionalString("description", MAX_DESCRIPTION)
                        : current.description());
        Responses.ok(res, subscriptions.update(orgId, current.id(), fields).toJson());
    }

    /** {@code curl -X DELETE -H "Authorization: Bearer $KEY" localhost:8080/api/v1/webhooks/$ID} */
    private void delete(ServerRequest req, ServerResponse res) {
        subscriptions.delete(Principal.of(req).orgId(), id(req));
        Responses.noContent(res);
    }

    /** {@code curl -X POST -H "Authorization: Bearer $KEY" localhost:8080/api/v1/webhooks/$ID/rotate-secret} */
    private void rotateSecret(ServerRequest req, ServerResponse res) {
        idempotency.respond(req, res, Status.OK_200,
                () -> subscriptions.rotateSecret(Principal.of(req).orgId(), id(req)).toJsonWithSecret());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/webhooks/$ID/deliveries} */
    private void deliveries(ServerRequest req, ServerResponse res) {
        PageRequest page = Paging.from(req);
        SubscriptionRepository.Page<Delivery> found = subscriptions.deliveries(Principal.of(req).orgId(), id(req),
                page);
        JsonArrayBuilder body = Json.createArrayBuilder();
        found.items().forEach(d -> body.add(d.toJson()));
        Paging.headers(req, res, page, found.total(), Map.of());
        Responses.ok(res, body.build());
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY"
     * localhost:8080/api/v1/webhooks/$ID/deliveries/$DELIVERY/replay}
     */
    private void replay(ServerRequest req, ServerResponse res) {
        Delivery delivery = subscriptions.replay(Principal.of(req).orgId(), id(req),
                req.path().pathParameters().get("deliveryId"));
        Responses.json(res, Status.ACCEPTED_202, delivery.toJson());
    }

    /** The {@code url} field, checked as the API checks it (the dashboard's forms share it). */
    public static String url(JsonFields body, TargetPolicy targets) {
        return targets.requireAllowedUrl(body.requiredString("url", MAX_URL), "url");
    }

    /** The {@code events} field: one or more of {@link Subscription#EVENT_TYPES}, each kept once, in order. */
    public static List<String> events(JsonFields body) {
        JsonArray array = body.requiredArray("events");
        if (array.isEmpty()) {
            throw new InvalidInputException("events must name at least one event type");
        }
        Set<String> events = new LinkedHashSet<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonString name) || !Subscription.EVENT_TYPES.contains(name.getString())) {
                throw new InvalidInputException("events must hold only " + String.join(", ",
                        Subscription.EVENT_TYPES));
            }
            events.add(name.getString());
        }
        return new ArrayList<>(events);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
