package com.flownurture.workflows;

import java.util.List;

import com.flownurture.auth.Principal;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.Times;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Idempotency;
import com.flownurture.http.JsonBody;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.http.Responses;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/** {@code /api/v1/workflows}: read, build, change and remove workflows and their steps. */
public final class WorkflowsService implements ApiService {

    /** The longest workflow name (also the dashboard's limit). */
    public static final int MAX_NAME = 255;

    private final WorkflowRepository workflows;
    private final Idempotency idempotency;

    public WorkflowsService(WorkflowRepository workflows, Idempotency idempotency) {
        this.workflows = workflows;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/workflows", this::list)
                .post("/workflows", this::create)
                .get("/workflows/{id}", this::get)
                .patch("/workflows/{id}", this::update)
                .put("/workflows/{id}/steps", this::replaceSteps)
                .delete("/workflows/{id}", this::delete);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/workflows} */
    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder body = Json.createArrayBuilder();
        for (WorkflowRepository.Summary w : workflows.list(Principal.of(req).orgId())) {
            body.add(Json.createObjectBuilder()
                    .add("id", w.id()).add("name", w.name()).add("status", w.status().name())
                    .add("createdAt", Times.format(w.createdAt()))
                    .add("_count", Json.createObjectBuilder().add("steps", w.steps()).add("enrollments", w.enrollments())));
        }
        Responses.ok(res, body.build());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/workflows/$ID} */
    private void get(ServerRequest req, ServerResponse res) {
        String orgId = Principal.of(req).orgId();
        Responses.ok(res, json(orgId, workflows.get(orgId, id(req))));
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"name":"Onboarding","steps":[{"type":"DELAY","delayAmount":1,"delayUnit":"DAYS"}]}'
     * localhost:8080/api/v1/workflows}
     */
    private void create(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("name", "status", "steps", "trigger", "reentry",
                "goals", "exitOn", "tracking"));
        String name = body.requiredString("name", MAX_NAME);
        String status = body.optionalEnum("status", WorkflowStatus.names());
        JsonArray steps = body.has("steps") ? body.requiredArray("steps") : JsonArray.EMPTY_JSON_ARRAY;
        String orgId = Principal.of(req).orgId();
        idempotency.respond(req, res, Status.CREATED_201, () -> json(orgId, workflows.create(orgId, name,
                status == null ? WorkflowStatus.DRAFT : WorkflowStatus.valueOf(status), steps, body)));
    }

    /**
     * {@code curl -X PATCH -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"status":"ACTIVE","tracking":{"opens":true,"clicks":true}}' localhost:8080/api/v1/workflows/$ID}
     */
    private void update(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("name", "status", "trigger", "reentry", "goals",
                "exitOn", "tracking"));
        if (body.isEmpty()) {
            throw new InvalidInputException(
                    "Request body must change name, status, trigger, reentry, goals, exitOn or tracking");
        }
        String name = body.has("name") ? body.requiredString("name", MAX_NAME) : null;
        String status = body.has("status") ? body.optionalEnum("status", WorkflowStatus.names()) : null;
        if (body.isNull("status")) {
            throw new InvalidInputException("status cannot be null");
        }
        String orgId = Principal.of(req).orgId();
        Responses.ok(res, json(orgId, workflows.update(orgId, id(req), name,
                status == null ? null : WorkflowStatus.valueOf(status), body)));
    }

    /**
     * {@code curl -X PUT -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '[{"type":"SEND_EMAIL","subject":"Hi {{firstName|there}}","body":"Welcome"}]'
     * localhost:8080/api/v1/workflows/$ID/steps}
     */
    private void replaceSteps(ServerRequest req, ServerResponse res) {
        JsonArray steps = JsonBody.array(req);
        String orgId = Principal.of(req).orgId();
        Responses.ok(res, json(orgId, workflows.replaceSteps(orgId, id(req), steps)));
    }

    /** {@code curl -X DELETE -H "Authorization: Bearer $KEY" localhost:8080/api/v1/workflows/$ID} */
    private void delete(ServerRequest req, ServerResponse res) {
        workflows.delete(Principal.of(req).orgId(), id(req));
        Responses.noContent(res);
    }

    private JsonObject json(String orgId, Workflow workflow) {
        return workflow.toJson(workflows.problems(orgId, workflow));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
