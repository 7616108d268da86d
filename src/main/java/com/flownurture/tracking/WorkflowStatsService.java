package com.flownurture.tracking;

import com.flownurture.auth.Principal;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Responses;
import com.flownurture.workflows.WorkflowRepository;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /api/v1/workflows/:id/stats}: what became of a workflow's emails, step by step ({@link WorkflowStats}). */
public final class WorkflowStatsService implements ApiService {

    private final WorkflowRepository workflows;
    private final WorkflowStats stats;

    public WorkflowStatsService(WorkflowRepository workflows, WorkflowStats stats) {
        this.workflows = workflows;
        this.stats = stats;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/workflows/{id}/stats", this::get);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/workflows/$ID/stats} */
    private void get(ServerRequest req, ServerResponse res) {
        String orgId = Principal.of(req).orgId();
        Responses.ok(res, stats.of(workflows.get(orgId, req.path().pathParameters().get("id"))));
    }
}
