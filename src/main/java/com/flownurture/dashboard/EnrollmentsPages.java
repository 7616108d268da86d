package com.flownurture.dashboard;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.flownurture.common.ConflictException;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.enrollments.EnrollmentStatus;
import com.flownurture.common.PageRequest;
import com.flownurture.workflows.WorkflowRepository;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;

/** {@code /enrollments}: filter by workflow, contact and status; an enrollment's history; exit it. */
public final class EnrollmentsPages {

    static final int PAGE_SIZE = 25;

    private final EnrollmentRepository enrollments;
    private final WorkflowRepository workflows;
    private final ContactRepository contacts;

    EnrollmentsPages(EnrollmentRepository enrollments, WorkflowRepository workflows,
                     ContactRepository contacts) {
        this.enrollments = enrollments;
        this.workflows = workflows;
        this.contacts = contacts;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/enrollments", this::list)
                .get("/enrollments/{id}", this::show)
                .post("/enrollments/{id}/exit", this::exit);
    }

    /** An enrollment with the names of its workflow and contact. */
    public record Row(Enrollment enrollment, String workflowName, String contactEmail) {
    }

    /** The list's filters and page. */
    public record Filters(String workflowId, String contactId, String status, int page) {
    }

    /** {@code curl -b jar "localhost:8080/enrollments?workflowId=$WF&status=ACTIVE&page=1"} */
    private void list(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String workflowId = ContactsPages.blankToNull(req.query().first("workflowId").orElse(""), 64);
        String contactId = ContactsPages.blankToNull(req.query().first("contactId").orElse(""), 64);
        String status = req.query().first("status").filter(EnrollmentStatus.names()::contains).orElse(null);
        int page = ContactsPages.pageNumber(req);
        EnrollmentRepository.Page found = enrollments.list(org,
                new EnrollmentRepository.Filter(workflowId, contactId, status == null ? null : EnrollmentStatus.valueOf(status)),
                new PageRequest(page, PAGE_SIZE));
        List<WorkflowRepository.Summary> all = workflows.list(org);
        Map<String, String> names = all.stream().collect(Collectors.toMap(WorkflowRepository.Summary::id,
                WorkflowRepository.Summary::name));
        List<Row> rows = found.enrollments().stream().map(e -> row(org, e, names)).toList();
        Html.send(res, "enrollments.jte", Html.params("page", Chrome.of(req, "Enrollments", "Enrollments"),
                "rows", rows, "total", found.total(), "workflows", all, "statuses", EnrollmentStatus.names(),
                "filters", new Filters(workflowId == null ? "" : workflowId, contactId == null ? "" : contactId,
                        status == null ? "" : status, page), "pageSize", PAGE_SIZE));
    }

    /** {@code curl -b jar localhost:8080/enrollments/$ID} */
    private void show(ServerRequest req, ServerResponse res) {
        show(req, res, Status.OK_200, null);
    }

    private void show(ServerRequest req, ServerResponse res, Status status, String error) {
        String org = Chrome.orgId(req);
        Enrollment e = enrollments.get(org, req.path().pathParameters().get("id"));
        Row row = row(org, e, Map.of(e.workflowId(), workflows.get(org, e.workflowId()).name()));
        JsonArray history = enrollments.history(e.id());
        Html.send(res, status, "enrollment.jte", Html.params("page", Chrome.of(req, "Enrollment", "Enrollments"),
                "row", row, "history", history, "error", error));
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/enrollments/$ID/exit} */
    private void exit(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        try {
            enrollments.exit(Chrome.orgId(req), id);
            Html.redirect(res, "/enrollments/" + id);
        } catch (ConflictException e) {
            show(req, res, Status.CONFLICT_409, e.getMessage());
        }
    }

    private Row row(String org, Enrollment e, Map<String, String> workflowNames) {
        String email = contacts.find(org, e.contactId()).map(Contact::email).orElse(e.contactId());
        return new Row(e, workflowNames.getOrDefault(e.workflowId(), e.workflowId()), email);
    }
}
