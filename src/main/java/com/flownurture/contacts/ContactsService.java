package com.flownurture.contacts;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import com.flownurture.auth.Principal;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonBody;
import com.flownurture.http.Paging;
import com.flownurture.http.QueryParams;
import com.flownurture.http.Responses;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.common.PageRequest;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/** {@code /api/v1/contacts}: list, read, create, change and erase contacts. */
public final class ContactsService implements ApiService {

    /** The request field that asks for a confirmation email; not a contact field. */
    static final String DOUBLE_OPT_IN = "doubleOptIn";

    private final ContactRepository contacts;
    private final PendingContacts pending;
    private final Idempotency idempotency;

    public ContactsService(ContactRepository contacts, PendingContacts pending, Idempotency idempotency) {
        this.contacts = contacts;
        this.pending = pending;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/contacts", this::list)
                .post("/contacts", this::create)
                .get("/contacts/{id}", this::get)
                .patch("/contacts/{id}", this::update)
                .delete("/contacts/{id}", this::delete);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/contacts?page=1&limit=10&search=jane"} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String search = QueryParams.string(req, "search", 255);
        String tagId = QueryParams.string(req, "tagId", 64);
        ContactRepository.Page page = contacts.list(Principal.of(req).orgId(), search, tagId, paging);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("search", search);
        filters.put("tagId", tagId);
        Paging.headers(req, res, paging, page.total(), page.exact(), filters);
        Responses.ok(res, json -> {
            json.writeStartArray();
            page.contacts().forEach(c -> c.writeTo(json));
            json.writeEnd();
        });
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/contacts/$ID} */
    private void get(ServerRequest req, ServerResponse res) {
        ContactRepository.Detail detail = contacts.detail(Principal.of(req).orgId(),
                req.path().pathParameters().get("id"));
        JsonArray tags = JsonValue.EMPTY_JSON_ARRAY;
        if (!detail.tagsJson().equals("[]")) {
            try (JsonReader reader = Json.createReader(new StringReader(detail.tagsJson()))) {
                tags = reader.readArray();
            }
        }
        JsonArray tagArray = tags;
        Responses.ok(res, json -> {
            json.writeStartObject();
            detail.contact().writeFields(json);
            json.write("tags", tagArray).writeEnd();
        });
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"email":"jane@example.com","firstName":"Jane","doubleOptIn":true}' localhost:8080/api/v1/contacts};
     * with {@code doubleOptIn} the contact is PENDING and is sent a confirmation email.
     */
    private void create(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req);
        boolean doubleOptIn = doubleOptIn(body);
        jakarta.json.JsonObjectBuilder rest = Json.createObjectBuilder();
        body.json().forEach((name, value) -> {
            if (!name.equals(DOUBLE_OPT_IN)) {
                rest.add(name, value);
            }
        });
        ContactChanges fields = ContactChanges.parse(new JsonFields(rest.build(), ""), true);
        String orgId = Principal.of(req).orgId();
        idempotency.respond(req, res, Status.CREATED_201, () -> (doubleOptIn
                ? pending.createPending(orgId, fields, "api")
                : contacts.create(orgId, fields)).toJson());
    }

    /** Reads {@code "doubleOptIn"}: absent or false, or true. */
    static boolean doubleOptIn(JsonFields body) {
        if (!body.has(DOUBLE_OPT_IN) || body.isNull(DOUBLE_OPT_IN)) {
            return false;
        }
        JsonValue value = body.json().get(DOUBLE_OPT_IN);
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw new InvalidInputException(body.name(DOUBLE_OPT_IN) + " must be a boolean");
        }
        return value == JsonValue.TRUE;
    }

    /**
     * {@code curl -X PATCH -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"lifecycleStage":"MQL"}' localhost:8080/api/v1/contacts/$ID}
     */
    private void update(ServerRequest req, ServerResponse res) {
        ContactChanges changes = ContactChanges.parse(JsonBody.object(req), false);
        Contact updated = contacts.update(Principal.of(req).orgId(), req.path().pathParameters().get("id"), changes);
        Responses.ok(res, updated.toJson());
    }

    /** {@code curl -X DELETE -H "Authorization: Bearer $KEY" localhost:8080/api/v1/contacts/$ID} */
    private void delete(ServerRequest req, ServerResponse res) {
        contacts.delete(Principal.of(req).orgId(), req.path().pathParameters().get("id"));
        Responses.noContent(res);
    }
}
