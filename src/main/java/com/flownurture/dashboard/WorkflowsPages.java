package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.enrollments.FunnelCounts;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.tags.TagRepository;
import com.flownurture.tracking.WorkflowStats;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowRepository;
import com.flownurture.workflows.WorkflowStatus;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /workflows}: the list; a workflow's trigger, goals and exits in words, its steps with a funnel (waiting
 * at, and passed, each step) and its emails' counts (those of {@code GET /api/v1/workflows/:id/stats}); status
 * changes; enrolling a contact. The editor is {@link WorkflowEditorPages}.
 */
public final class WorkflowsPages {

    private final WorkflowRepository workflows;
    private final EnrollmentRepository enrollments;
    private final FunnelCounts funnels;
    private final ContactRepository contacts;
    private final WorkflowStats stats;
    private final TagRepository tags;
    private final SegmentRepository segments;

    WorkflowsPages(WorkflowRepository workflows, EnrollmentRepository enrollments, FunnelCounts funnels,
                   ContactRepository contacts, WorkflowStats stats, TagRepository tags, SegmentRepository segments) {
        this.workflows = workflows;
        this.enrollments = enrollments;
        this.funnels = funnels;
        this.contacts = contacts;
        this.stats = stats;
        this.tags = tags;
        this.segments = segments;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/workflows", this::list)
                .get("/workflows/{id}", this::show)
                .post("/workflows/{id}/status", this::status)
                .post("/workflows/{id}/enroll", this::enroll);
    }

    /** A step with its funnel figures. */
    public record FunnelStep(Step step, long waiting, long passed) {
    }

    /**
     * A workflow's trigger, re-entry, goals and exits in words.
     *
     * @param problems what they name that no longer exists, as the API's {@code problems}
     */
    public record Automation(String trigger, String reentry, List<String> goals, List<String> exits,
                             List<String> problems) {
    }

    /** {@code curl -b jar localhost:8080/workflows} */
    private void list(ServerRequest req, ServerResponse res) {
        Html.send(res, "workflows.jte", Html.params("page", Chrome.of(req, "Workflows", "Workflows"),
                "workflows", workflows.list(Chrome.orgId(req))));
    }

    /** {@code curl -b jar localhost:8080/workflows/$ID} */
    private void show(ServerRequest req, ServerResponse res) {
        show(req, res, Status.OK_200, workflows.get(Chrome.orgId(req), id(req)), null);
    }

    private void show(ServerRequest req, ServerResponse res, Status status, Workflow workflow, String error) {
        List<FunnelStep> funnel = funnel(workflow.steps(), funnels.waiting(workflow.id()),
                funnels.passed(workflow.id()));
        List<Enrollment> recent = enrollments.list(Chrome.orgId(req),
                new EnrollmentRepository.Filter(workflow.id(), null, null), new PageRequest(1, 10)).enrollments();
        Html.send(res, status, "workflow.jte", Html.params("page", Chrome.of(req, workflow.name(), "Workflows"),
                "w", workflow, "automation", words(Chrome.orgId(req), workflow), "funnel", funnel,
                "emails", stats.steps(workflow), "recent", recent, "error", error));
    }

    private Automation words(String org, Workflow workflow) {
        Map<String, String> tagNames = WorkflowEditorPages.tagNames(tags, org);
        Map<String, String> segmentNames = WorkflowEditorPages.segmentNames(segments, org);
        AutomationForm form = AutomationForm.of(workflow.automation());
        return new Automation(form.trigger().words(tagNames, segmentNames), form.reentryWords(),
                form.goals().stream().map(c -> c.words(tagNames, segmentNames)).toList(),
                form.exits().stream().map(c -> c.words(tagNames, segmentNames)).toList(),
                workflows.problems(org, workflow));
    }

    /**
     * Each step's figures. An active enrollment points at the step it runs next; one whose previous step is a
     * DELAY is waiting out that delay (the engine moves past a delay when it starts it), so it is counted there, and
     * the delay's "passed" are those that ran it and wait no longer.
     */
    static List<FunnelStep> funnel(List<Step> steps, Map<Long, Long> dueAt, Map<String, Long> ran) {
        Map<Integer, Long> waiting = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            long due = dueAt.getOrDefault((long) step.order(), 0L);
            boolean afterDelay = i > 0 && steps.get(i - 1).type() == Step.Type.DELAY;
            waiting.merge(afterDelay ? i - 1 : i, due, Long::sum);
        }
        if (!steps.isEmpty() && steps.getLast().type() == Step.Type.DELAY) {
            long beyond = dueAt.entrySet().stream().filter(e -> e.getKey() > steps.getLast().order())
                    .mapToLong(Map.Entry::getValue).sum();
            waiting.merge(steps.size() - 1, beyond, Long::sum);
        }
        List<FunnelStep> funnel = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            long wait = waiting.getOrDefault(i, 0L);
            long passed = ran.getOrDefault(step.id(), 0L);
            funnel.add(new FunnelStep(step, wait, step.type() == Step.Type.DELAY ? Math.max(0, passed - wait) : passed));
        }
        return funnel;
    }

    /** {@code curl -b jar -d "_csrf=...&status=ACTIVE" localhost:8080/workflows/$ID/status} */
    private void status(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String status = DashboardFilter.form(req).first("status").orElse("");
        try {
            new JsonFields(Json.createObjectBuilder().add("status", status).build(), "")
                    .optionalEnum("status", WorkflowStatus.names());
            workflows.update(org, id(req), null, WorkflowStatus.valueOf(status), null);
            Html.redirect(res, "/workflows/" + id(req));
        } catch (InvalidInputException e) {
            show(req, res, Status.BAD_REQUEST_400, workflows.get(org, id(req)), e.getMessage());
        }
    }

    /** {@code curl -b jar -d "_csrf=...&email=jane@example.com" localhost:8080/workflows/$ID/enroll} */
    private void enroll(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String email = DashboardFilter.form(req).first("email").orElse("").strip();
        Optional<Contact> contact = email.isEmpty() ? Optional.empty()
                : contacts.findByEmail(org, email);
        try {
            if (contact.isEmpty()) {
                throw new InvalidInputException("No contact has the email " + email);
            }
            Enrollment enrollment = enrollments.enroll(org, contact.get().id(), id(req));
            Html.redirect(res, "/enrollments/" + enrollment.id());
        } catch (InvalidInputException | ConflictException e) {
            show(req, res, Status.BAD_REQUEST_400, workflows.get(org, id(req)), e.getMessage());
        }
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
