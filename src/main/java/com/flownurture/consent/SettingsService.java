package com.flownurture.consent;

import java.util.List;

import com.flownurture.auth.Principal;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonBody;
import com.flownurture.http.Responses;
import com.flownurture.orgs.Organizations;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * {@code /api/v1/settings}: the caller's organization's consent settings, in the shape {@code orgs settings} prints
 * ({@link ConsentSettings#toJson}). A change is checked whole before anything is written: a 400 changes nothing.
 * The organization's bounce secret is not a setting to read: it is shown only when it is replaced.
 */
public final class SettingsService implements ApiService {

    private final ConsentRepository consent;
    private final Organizations orgs;
    private final Idempotency idempotency;

    public SettingsService(ConsentRepository consent, Organizations orgs, Idempotency idempotency) {
        this.consent = consent;
        this.orgs = orgs;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/settings", this::get)
                .patch("/settings", this::update)
                .post("/settings/rotate-form-token", this::rotateFormToken)
                .post("/settings/rotate-bounce-secret", this::rotateBounceSecret);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/settings} */
    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, consent.settings(Principal.of(req).orgId()).toJson());
    }

    /**
     * {@code curl -X PATCH -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"sending":{"requireConsent":true}}' localhost:8080/api/v1/settings}
     */
    private void update(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("sending", "doubleOptIn"));
        if (body.isEmpty()) {
            throw new InvalidInputException("Request body must change at least one setting");
        }
        Boolean requireConsent = null;
        JsonFields sending = section(body, "sending", "requireConsent");
        if (sending != null) {
            JsonValue value = sending.json().get("requireConsent");
            if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                throw new InvalidInputException("sending.requireConsent must be true or false");
            }
            requireConsent = value == JsonValue.TRUE;
        }
        String subject = null;
        String template = null;
        JsonFields doubleOptIn = section(body, "doubleOptIn", "subject", "template");
        if (doubleOptIn != null) {
            subject = present(doubleOptIn, "subject", ConsentSettings.MAX_SUBJECT);
            template = present(doubleOptIn, "template", ConsentSettings.MAX_TEMPLATE);
        }
        Responses.ok(res, consent.updateSettings(Principal.of(req).orgId(), requireConsent, subject, template)
                .toJson());
    }

    /** {@code curl -X POST -H "Authorization: Bearer $KEY" localhost:8080/api/v1/settings/rotate-form-token} */
    private void rotateFormToken(ServerRequest req, ServerResponse res) {
        idempotency.respond(req, res, Status.OK_200,
                () -> consent.rotateFormToken(Principal.of(req).orgId()).toJson());
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" localhost:8080/api/v1/settings/rotate-bounce-secret}:
     * {@code {"bounceSecret":"..."}}, shown this once. Not idempotent by key on purpose: a kept response would keep
     * the secret in the idempotency table; a second call simply makes another one.
     */
    private void rotateBounceSecret(ServerRequest req, ServerResponse res) {
        String secret = orgs.rotateBounceSecret(Principal.of(req).orgId());
        Responses.ok(res, Json.createObjectBuilder().add("bounceSecret", secret).build());
    }

    /** A section of the body holding only the given fields, at least one; null when absent. */
    private static JsonFields section(JsonFields body, String name, String... fields) {
        if (!body.has(name)) {
            return null;
        }
        JsonObject object = body.optionalObject(name);
        if (object == null || object.isEmpty()) {
            throw new InvalidInputException(name + " must be an object with " + String.join(" or ", fields));
        }
        return new JsonFields(object, name + ".").allowOnly(List.of(fields));
    }

    /** A string field of a section; null when absent, refused when null (a setting is changed, never unset). */
    private static String present(JsonFields section, String field, int max) {
        if (section.isNull(field)) {
            throw new InvalidInputException(section.name(field) + " must be a string");
        }
        return section.optionalString(field, max);
    }
}
