package com.flownurture.suppressions;

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
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonBody;
import com.flownurture.http.Paging;
import com.flownurture.http.QueryParams;
import com.flownurture.http.Responses;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;

/**
 * {@code /api/v1/suppressions}: the addresses an organization does not send to. Bounces, complaints and unsubscribes
 * fill it on their own; users add MANUAL and UNSUBSCRIBED entries (the latter unsubscribes the contact) and delete any
 * (deleting an UNSUBSCRIBED one re-subscribes).
 */
public final class SuppressionsService implements ApiService {

    /** The longest note on an entry, in the API and the dashboard alike. */
    public static final int MAX_NOTE = 1000;
    /** The reasons a user may give; the others come from bounces and complaints. */
    private static final List<String> USER_REASONS = List.of(SuppressionReason.MANUAL.name(),
            SuppressionReason.UNSUBSCRIBED.name());

    private final SuppressionRepository suppressions;
    private final Idempotency idempotency;

    public SuppressionsService(SuppressionRepository suppressions, Idempotency idempotency) {
        this.suppressions = suppressions;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/suppressions", this::list)
                .post("/suppressions", this::create)
                .delete("/suppressions/{id}", this::delete);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/suppressions?reason=HARD_BOUNCE"} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String email = QueryParams.string(req, "email", 255);
        String reason = QueryParams.oneOf(req, "reason", SuppressionReason.names());
        SuppressionRepository.Page page = suppressions.list(Principal.of(req).orgId(), email,
                reason == null ? null : SuppressionReason.valueOf(reason), paging);
        JsonArrayBuilder body = Json.createArrayBuilder();
        page.entries().forEach(s -> body.add(s.toJson()));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("email", email);
        filters.put("reason", reason);
        Paging.headers(req, res, paging, page.total(), filters);
        Responses.ok(res, body.build());
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"email":"jane@example.com","reason":"MANUAL","note":"asked by phone"}' localhost:8080/api/v1/suppressions}
     * ({@code "reason":"UNSUBSCRIBED"} also unsubscribes the organization's contact with that address)
     */
    private void create(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("email", "reason", "note"));
        String email = body.optionalEmail("email");
        if (email == null) {
            throw new InvalidInputException("email is required");
        }
        // Bounces and complaints are the server's to record: a user can only say "do not send" or "unsubscribed".
        String given = body.optionalEnum("reason", USER_REASONS);
        if (given == null) {
            throw new InvalidInputException("reason is required and must be one of " + String.join(", ", USER_REASONS));
        }
        SuppressionReason reason = SuppressionReason.valueOf(given);
        String note = body.optionalString("note", MAX_NOTE);
        Principal principal = Principal.of(req);
        String source = "api key " + principal.keyId();
        idempotency.respond(req, res, Status.CREATED_201, () -> (reason == SuppressionReason.UNSUBSCRIBED
                ? suppressions.unsubscribe(principal.orgId(), email, note, source)
                : suppressions.addManual(principal.orgId(), email, note, source)).toJson());
    }

    /** {@code curl -X DELETE -H "Authorization: Bearer $KEY" localhost:8080/api/v1/suppressions/$ID} */
    private void delete(ServerRequest req, ServerResponse res) {
        suppressions.delete(Principal.of(req).orgId(), req.path().pathParameters().get("id"));
        Responses.noContent(res);
    }
}
