package com.flownurture.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.auth.Principal;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.JsonBody;
import com.flownurture.http.Paging;
import com.flownurture.http.QueryParams;
import com.flownurture.http.Responses;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * {@code /api/v1/events}: events in (one, or a batch of up to {@value #MAX_BATCH}), and the list of what came in.
 * An event with the client's {@code id} is stored once: sending it again answers 200 with the stored event.
 */
public final class EventsService implements ApiService {

    static final int MAX_BATCH = 1000;

    private final EventRepository events;

    public EventsService(EventRepository events) {
        this.events = events;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.post("/events", this::send)
                .post("/events/batch", this::sendBatch)
                .get("/events", this::list);
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"email":"jane@example.com","name":"cart_updated","properties":{"cartId":"c1"},"id":"evt-1"}'
     * localhost:8080/api/v1/events}
     */
    private void send(ServerRequest req, ServerResponse res) {
        NewEvent event = NewEvent.parse(JsonBody.object(req));
        EventRepository.Recorded recorded = events.record(Principal.of(req).orgId(), event);
        Responses.json(res, recorded.created() ? Status.ACCEPTED_202 : Status.OK_200, recorded.event().toJson());
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"events":[{"email":"jane@example.com","name":"page_viewed"}]}' localhost:8080/api/v1/events/batch}
     *
     * <p>Each item's result carries the status a single call would have answered: 202 stored, 200 already stored
     * under its id, 400 invalid (with a message), 404 unknown contact.
     */
    private void sendBatch(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("events"));
        JsonArray items = body.requiredArray("events");
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw new InvalidInputException("events must hold 1 to " + MAX_BATCH + " events");
        }
        JsonObject[] results = new JsonObject[items.size()];
        List<NewEvent> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            try {
                if (!(item instanceof JsonObject object)) {
                    throw new InvalidInputException("The event must be an object");
                }
                valid.add(NewEvent.parse(new JsonFields(object, "")));
                validIndexes.add(i);
            } catch (InvalidInputException e) {
                results[i] = refused(i, Status.BAD_REQUEST_400, e.getMessage());
            }
        }
        if (!valid.isEmpty()) {
            List<EventRepository.Recorded> recorded = events.recordAll(Principal.of(req).orgId(), valid);
            for (int j = 0; j < recorded.size(); j++) {
                int i = validIndexes.get(j);
                EventRepository.Recorded r = recorded.get(j);
                results[i] = r == null ? refused(i, Status.NOT_FOUND_404, "Contact not found")
                        : Json.createObjectBuilder().add("index", i)
                                .add("status", (r.created() ? Status.ACCEPTED_202 : Status.OK_200).code())
                                .add("id", r.event().id()).build();
            }
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (JsonObject result : results) {
            array.add(result);
        }
        Responses.ok(res, Json.createObjectBuilder().add("results", array).build());
    }

    private static JsonObject refused(int index, Status status, String message) {
        return Json.createObjectBuilder().add("index", index).add("status", status.code()).add("message", message)
                .build();
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/events?contactId=$ID&name=cart_updated"} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String contactId = QueryParams.string(req, "contactId", 64);
        String name = QueryParams.string(req, "name", 100);
        EventRepository.Page page = events.list(Principal.of(req).orgId(), contactId, name, paging);
        JsonArrayBuilder body = Json.createArrayBuilder();
        page.events().forEach(e -> body.add(e.toJson()));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("contactId", contactId);
        filters.put("name", name);
        Paging.headers(req, res, paging, page.total(), filters);
        Responses.ok(res, body.build());
    }
}
