package com.flownurture.tags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.auth.Principal;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonBody;
import com.flownurture.common.PageRequest;
import com.flownurture.common.JsonFields;
import com.flownurture.http.Paging;
import com.flownurture.http.QueryParams;
import com.flownurture.http.Responses;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.common.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/** {@code /api/v1/tags} (definitions) and {@code /api/v1/contacts/{contactId}/tags} (tags on contacts). */
public final class TagsService implements ApiService {

    private static final JsonObject SUCCESS = Json.createObjectBuilder().add("success", true).build();
    /** The longest tag name (also the dashboard's limit). */
    public static final int MAX_NAME = 64;

    private final TagRepository tags;
    private final Idempotency idempotency;

    public TagsService(TagRepository tags, Idempotency idempotency) {
        this.tags = tags;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.post("/contacts/{contactId}/tags/add", this::addToContact)
                .post("/contacts/{contactId}/tags/remove", this::removeFromContact)
                .get("/tags", this::list)
                .post("/tags", this::create)
                .patch("/tags/{id}", this::rename)
                .delete("/tags/{id}", this::delete);
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"tagId":"..."}' localhost:8080/api/v1/contacts/$ID/tags/add}
     */
    private void addToContact(ServerRequest req, ServerResponse res) {
        String tagId = tagId(req);
        idempotency.respond(req, res, Status.OK_200, () -> {
            tags.addToContact(Principal.of(req).orgId(), req.path().pathParameters().get("contactId"), tagId);
            return SUCCESS;
        });
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"tagId":"..."}' localhost:8080/api/v1/contacts/$ID/tags/remove}
     */
    private void removeFromContact(ServerRequest req, ServerResponse res) {
        String tagId = tagId(req);
        idempotency.respond(req, res, Status.OK_200, () -> {
            tags.removeFromContact(Principal.of(req).orgId(), req.path().pathParameters().get("contactId"), tagId);
            return SUCCESS;
        });
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/tags?search=vip"} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String search = QueryParams.string(req, "search", MAX_NAME);
        TagRepository.Page page = tags.list(Principal.of(req).orgId(), search, paging);
        JsonArrayBuilder body = Json.createArrayBuilder();
        page.tags().forEach(t -> body.add(t.toJson()));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("search", search);
        Paging.headers(req, res, paging, page.total(), filters);
        Responses.ok(res, body.build());
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"name":"VIP"}' localhost:8080/api/v1/tags}
     */
    private void create(ServerRequest req, ServerResponse res) {
        String name = name(req);
        idempotency.respond(req, res, Status.CREATED_201, () -> tags.create(Principal.of(req).orgId(), name).toJson());
    }

    /**
     * {@code curl -X PATCH -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"name":"Customers"}' localhost:8080/api/v1/tags/$ID}
     */
    private void rename(ServerRequest req, ServerResponse res) {
        String name = name(req);
        Responses.ok(res, tags.rename(Principal.of(req).orgId(), req.path().pathParameters().get("id"), name)
                .toJson());
    }

    /** {@code curl -X DELETE -H "Authorization: Bearer $KEY" localhost:8080/api/v1/tags/$ID} */
    private void delete(ServerRequest req, ServerResponse res) {
        tags.delete(Principal.of(req).orgId(), req.path().pathParameters().get("id"));
        Responses.noContent(res);
    }

    private static String tagId(ServerRequest req) {
        return JsonBody.object(req).allowOnly(List.of("tagId")).requiredString("tagId", MAX_NAME);
    }

    private static String name(ServerRequest req) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("name"));
        return body.requiredString("name", MAX_NAME);
    }
}
