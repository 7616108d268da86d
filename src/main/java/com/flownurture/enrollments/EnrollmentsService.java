package com.flownurture.enrollments;

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

/** {@code /api/v1/enrollments}: enroll contacts in workflows, follow and end their enrollments. */
public final class EnrollmentsService implements ApiService {

    private final EnrollmentRepository enrollments;
    private final Idempotency idempotency;

    public EnrollmentsService(EnrollmentRepository enrollments, Idempotency idempotency) {
        this.enrollments = enrollments;
        this.idempotency = idempotency;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/enrollments", this::list)
                .post("/enrollments", this::enroll)
                .get("/enrollments/{id}", this::get)
                .post("/enrollments/{id}/exit", this::exit);
    }

    /**
     * {@code curl -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json'
     * -d '{"contactId":"...","workflowId":"..."}' localhost:8080/api/v1/enrollments}
     */
    private void enroll(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonBody.object(req).allowOnly(List.of("contactId", "workflowId"));
        String contactId = body.requiredString("contactId", 64);
        String workflowId = body.requiredString("workflowId", 64);
        idempotency.respond(req, res, Status.CREATED_201,
                () -> enrollments.enroll(Principal.of(req).orgId(), contactId, workflowId).toJson());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/enrollments?status=ACTIVE"} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String status = QueryParams.oneOf(req, "status", EnrollmentStatus.names());
        EnrollmentRepository.Filter filter = new EnrollmentRepository.Filter(
                QueryParams.string(req, "workflowId", 64),
                QueryParams.string(req, "contactId", 64),
                status == null ? null : EnrollmentStatus.valueOf(status));
        EnrollmentRepository.Page page = enrollments.list(Principal.of(req).orgId(), filter, paging);
        JsonArrayBuilder body = Json.createArrayBuilder();
        page.enrollments().forEach(e -> body.add(e.toDetailedJson()));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("workflowId", filter.workflowId());
        filters.put("contactId", filter.contactId());
        filters.put("status", status);
        Paging.headers(req, res, paging, page.total(), filters);
        Responses.ok(res, body.build());
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/enrollments/$ID} */
    private void get(ServerRequest req, ServerResponse res) {
        Enrollment enrollment = enrollments.get(Principal.of(req).orgId(), req.path().pathParameters().get("id"));
        Responses.ok(res, enrollment.toDetailedJson().add("history", enrollments.history(enrollment.id())).build());
    }

    /** {@code curl -X POST -H "Authorization: Bearer $KEY" localhost:8080/api/v1/enrollments/$ID/exit} */
    private void exit(ServerRequest req, ServerResponse res) {
        idempotency.respond(req, res, Status.OK_200, () -> enrollments.exit(Principal.of(req).orgId(),
                req.path().pathParameters().get("id")).toDetailedJson().build());
    }
}
