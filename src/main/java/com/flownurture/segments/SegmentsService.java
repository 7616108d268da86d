package com.flownurture.segments;

import java.util.List;
import java.util.Map;

import com.flownurture.auth.Principal;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.common.Times;
import com.flownurture.contacts.Contact;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonBody;
import com.flownurture.http.Paging;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.http.Responses;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;

/** {@code /api/v1/segments}: build segments from rules, and see which contacts they select. */
public final class SegmentsService implements ApiService {

    /** The longest segment name (also the dashboard's limit). */
    public static final int MAX_NAME = 255;
    private static final int SAMPLE_SIZE = 10;

    private final SegmentRepository segments;
    private final Idempotency idempotency;

    public SegmentsService(SegmentRepository segments, Idempotency idempotency) {
        this.segments = segments;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/segments", this::list)
                .post("/segments", this::create)
                .post("/segments/preview", this::preview)
                .get("/segments/{id}", this::get)
                .patch("/segments/{id}", this::update)
                .delete("/segments/{id}", this::delete)
                .get("/segments/{id}/contacts", this::contacts);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/segments} */
    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder body = Json.createArrayBuilder();
        segments.list(Principal.of(req).orgId()).forEach(s -> body.add(Json.createObjectBuilder()
                .add("id", s.id()).add("name", s.name()).add("createdAt", Times.format(s.createdAt()))));
        Responses.ok(res, body.build());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/segments/$ID} */
    private void get(ServerRequest req, ServerResponse res) {
        String orgId = Principal.of(req).orgId();
        Segment segment = segments.get(orgId, id(req));
        long count = segments.count(orgId, segment.rules());
        Responses.ok(res, segment.toJsonBuilder().add("_count", Json.createObjectBuilder().add("contacts", count))
                .build());
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"name":"Leads",
     * "groups":[{"rules":[{"field":"lifecycleStage","operator":"at_least","value":"LEAD"}]}]}'
     * localhost:8080/api/v1/segments}
     */
    private void create(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("name", "groups"));
        String name = body.requiredString("name", MAX_NAME);
        JsonArray groups = body.requiredArray("groups");
        idempotency.respond(req, res, Status.CREATED_201,
                () -> segments.create(Principal.of(req).orgId(), name, groups).toJsonBuilder().build());
    }

    /**
     * {@code curl -X PATCH -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"name":"Warm leads"}' localhost:8080/api/v1/segments/$ID}
     */
    private void update(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("name", "groups"));
        if (body.isEmpty()) {
            throw new InvalidInputException("Request body must change name or groups");
        }
        String name = body.has("name") ? body.requiredString("name", MAX_NAME) : null;
        JsonArray groups = body.has("groups") ? body.requiredArray("groups") : null;
        Responses.ok(res, segments.update(Principal.of(req).orgId(), id(req), name, groups).toJsonBuilder().build());
    }

    /** {@code curl -X DELETE -H "Authorization: Bearer $KEY" localhost:8080/api/v1/segments/$ID} */
    private void delete(ServerRequest req, ServerResponse res) {
        segments.delete(Principal.of(req).orgId(), id(req));
        Responses.noContent(res);
    }

    /**
     * A dry run: how many contacts the rules select and the first ten, without saving anything.
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"groups":[{"rules":[{"field":"leadScore","operator":"gte","value":50}]}]}'
     * localhost:8080/api/v1/segments/preview}
     */
    private void preview(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("groups"));
        String orgId = Principal.of(req).orgId();
        SegmentRules rules = segments.validate(orgId, body.requiredArray("groups"));
        JsonArrayBuilder sample = Json.createArrayBuilder();
        segments.contacts(orgId, rules, SAMPLE_SIZE, 0).forEach(c -> sample.add(c.toJson()));
        Responses.ok(res, Json.createObjectBuilder().add("count", segments.count(orgId, rules)).add("sample", sample)
                .build());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/segments/$ID/contacts?page=1&limit=25"} */
    private void contacts(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String orgId = Principal.of(req).orgId();
        Segment segment = segments.get(orgId, id(req));
        SegmentRepository.Matches matches = segments.matches(orgId, segment.rules(), paging);
        JsonArrayBuilder body = Json.createArrayBuilder();
        matches.contacts().forEach((Contact c) -> body.add(c.toJson()));
        Paging.headers(req, res, paging, matches.total(), Map.of());
        Responses.ok(res, body.build());
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
