package com.flownurture.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.auth.ApiKey;
import com.flownurture.auth.ApiKeys;
import com.flownurture.auth.Scopes;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /api-keys} (admins only): the organization's keys, a form to make one (shown once), and revocation,
 * through the same {@link ApiKeys} as the CLI.
 */
final class ApiKeysPage {

    static final int MAX_NAME = 255;

    private final ApiKeys keys;

    ApiKeysPage(ApiKeys keys) {
        this.keys = keys;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/api-keys", this::list)
                .post("/api-keys", this::create)
                .post("/api-keys/{id}/revoke", this::revoke);
    }

    /** {@code curl -b jar localhost:8080/api-keys} */
    private void list(ServerRequest req, ServerResponse res) {
        show(req, res, null, "", List.of(), Map.of());
    }

    /** {@code curl -b jar -d "_csrf=...&name=CRM&scopes=contacts:read" localhost:8080/api-keys} */
    private void create(ServerRequest req, ServerResponse res) {
        Parameters form = DashboardFilter.form(req);
        String name = form.first("name").orElse("").strip();
        List<String> scopes = form.contains("scopes") ? form.all("scopes") : List.of();
        Map<String, String> errors = new LinkedHashMap<>();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.put("name", "A name of 1 to " + MAX_NAME + " characters is required");
        }
        if (scopes.isEmpty()) {
            errors.put("scopes", "Choose at least one scope");
        }
        if (!errors.isEmpty()) {
            show(req, res, null, name, scopes, errors);
            return;
        }
        try {
            ApiKeys.CreatedKey created = keys.create(Chrome.orgId(req), name, scopes);
            show(req, res, created, "", List.of(), Map.of());
        } catch (InvalidInputException e) {
            show(req, res, null, name, scopes, Map.of("scopes", e.getMessage()));
        }
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/api-keys/$ID/revoke} */
    private void revoke(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        boolean ours = keys.list(Chrome.orgId(req)).stream().anyMatch(k -> k.id().equals(id));
        if (!ours) {
            throw new NotFoundException("API key not found");
        }
        keys.revoke(id);
        Html.redirect(res, "/api-keys");
    }

    private void show(ServerRequest req, ServerResponse res, ApiKeys.CreatedKey created, String name,
                      List<String> chosen, Map<String, String> errors) {
        List<ApiKey> list = keys.list(Chrome.orgId(req)).reversed();
        Html.send(res, errors.isEmpty() ? Status.OK_200 : Status.BAD_REQUEST_400,
                "api-keys.jte", Html.params("page", Chrome.of(req, "API Keys", "API Keys"), "keys", list,
                        "created", created, "name", name, "chosen", chosen, "scopes", Scopes.ALL, "errors", errors));
    }
}
