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
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.engine.Templates;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.tags.TagRepository;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowRepository;
import com.flownurture.workflows.WorkflowStatus;
import com.flownurture.workflows.WorkflowsService;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /workflows}: the list; a workflow's steps with a funnel (waiting at, and passed, each step); status
 * changes; enrolling a contact; and the step editor, a form that posts back to itself to add, remove, move and
 * preview steps until it is saved through the same repository (and step rules) as the API.
 */
public final class WorkflowsPages {

    private final Database db;
    private final WorkflowRepository workflows;
    private final EnrollmentRepository enrollments;
    private final ContactRepository contacts;
    private final TagRepository tags;
    private final SegmentRepository segments;
    private final EmailFrames frames;

    WorkflowsPages(Database db, WorkflowRepository workflows, EnrollmentRepository enrollments,
                   ContactRepository contacts, TagRepository tags, SegmentRepository segments, EmailFrames frames) {
        this.frames = frames;
        this.db = db;
        this.workflows = workflows;
        this.enrollments = enrollments;
        this.contacts = contacts;
        this.tags = tags;
        this.segments = segments;
    }

    void routes(HttpRouting.Builder routing) {
        routing.get("/workflows", this::list)
                .get("/workflows/new", this::newEditor)
                .post("/workflows/new", this::edit)
                .get("/workflows/{id}", this::show)
                .get("/workflows/{id}/edit", this::editor)
                .post("/workflows/{id}/edit", this::edit)
                .post("/workflows/{id}/status", this::status)
                .post("/workflows/{id}/enroll", this::enroll);
    }

    /** A step with its funnel figures. */
    public record FunnelStep(Step step, long waiting, long passed) {
    }

    /** The editor's state: what is typed, plus messages and an email preview. */
    public record Editor(String id, String name, List<StepForm> steps, String error, String previewEmail,
                         int previewStep, String previewSubject, String previewToken) {
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
        Map<Long, Long> waiting = counts("dashboard-funnel-waiting", workflow.id());
        Map<String, Long> passed = new HashMap<>();
        db.query("dashboard-funnel-passed", Map.of("workflow", workflow.id()),
                r -> passed.put(Rows.string(r, "step"), Rows.longValue(r, "total")));
        List<FunnelStep> funnel = funnel(workflow.steps(), waiting, passed);
        List<Enrollment> recent = enrollments.list(Chrome.orgId(req),
                new EnrollmentRepository.Filter(workflow.id(), null, null), new PageRequest(1, 10)).enrollments();
        Html.send(res, status, "workflow.jte", Html.params("page", Chrome.of(req, workflow.name(), "Workflows"),
                "w", workflow, "funnel", funnel, "recent", recent, "error", error));
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
                : db.read(exec -> contacts.findByEmail(exec, org, email));
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

    /** {@code curl -b jar localhost:8080/workflows/new} */
    private void newEditor(ServerRequest req, ServerResponse res) {
        editor(req, res, Status.OK_200, new Editor(null, "", List.of(StepForm.blank("SEND_EMAIL")), null, "", -1,
                null, null));
    }

    /** {@code curl -b jar localhost:8080/workflows/$ID/edit} */
    private void editor(ServerRequest req, ServerResponse res) {
        Workflow w = workflows.get(Chrome.orgId(req), id(req));
        editor(req, res, Status.OK_200, new Editor(w.id(), w.name(), w.steps().stream().map(StepForm::of).toList(),
                null, "", -1, null, null));
    }

    /**
     * Every button of the editor posts here with {@code action}: {@code add}, {@code remove:N}, {@code up:N},
     * {@code down:N}, {@code preview:N} re-render the form; {@code save} saves it.
     * {@code curl -b jar -d "_csrf=...&name=Onboarding&steps=0&action=save" localhost:8080/workflows/new}
     */
    private void edit(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String id = req.path().pathParameters().contains("id") ? id(req) : null;
        if (id != null) {
            workflows.get(org, id);
        }
        Parameters form = DashboardFilter.form(req);
        String name = form.first("name").orElse("").strip();
        List<StepForm> steps = new ArrayList<>(StepForm.parse(form));
        String action = form.first("action").orElse("save");
        String previewEmail = form.first("previewEmail").orElse("").strip();
        int at = action.contains(":") ? ContactsPages.parseInt(action.substring(action.indexOf(':') + 1)) : -1;
        boolean valid = at >= 0 && at < steps.size();
        switch (action.contains(":") ? action.substring(0, action.indexOf(':')) : action) {
            case "add" -> steps.add(StepForm.blank(Step.Type.names().contains(form.first("newType").orElse(""))
                    ? form.first("newType").get() : "SEND_EMAIL"));
            case "remove" -> {
                if (valid) {
                    steps.remove(at);
                }
            }
            case "up" -> {
                if (valid && at > 0) {
                    steps.add(at - 1, steps.remove(at));
                }
            }
            case "down" -> {
                if (valid && at < steps.size() - 1) {
                    steps.add(at + 1, steps.remove(at));
                }
            }
            case "preview" -> {
                editor(req, res, Status.OK_200, preview(org, id, name, steps, previewEmail, valid ? at : -1));
                return;
            }
            default -> {
                save(req, res, org, id, name, steps, previewEmail);
                return;
            }
        }
        editor(req, res, Status.OK_200, new Editor(id, name, steps, null, previewEmail, -1, null, null));
    }

    private void save(ServerRequest req, ServerResponse res, String org, String id, String name,
                      List<StepForm> steps, String previewEmail) {
        try {
            new JsonFields(Json.createObjectBuilder().add("name", name).build(), "")
                    .requiredString("name", WorkflowsService.MAX_NAME);
            Workflow saved;
            if (id == null) {
                saved = workflows.create(org, name, WorkflowStatus.DRAFT, StepForm.toJson(steps));
            } else {
                workflows.replaceSteps(org, id, StepForm.toJson(steps));
                saved = workflows.update(org, id, name, null, null);
            }
            Html.redirect(res, "/workflows/" + saved.id());
        } catch (InvalidInputException | ConflictException e) {
            editor(req, res, Status.BAD_REQUEST_400, new Editor(id, name, steps, e.getMessage(), previewEmail, -1,
                    null, null));
        }
    }

    /** The email step at {@code at} rendered for the contact with the given email, as the engine renders it. */
    private Editor preview(String org, String id, String name, List<StepForm> steps, String email, int at) {
        Optional<Contact> contact = email.isEmpty() ? Optional.empty() : db.read(exec -> contacts.findByEmail(exec, org, email));
        if (at < 0 || !steps.get(at).type().equals("SEND_EMAIL")) {
            return new Editor(id, name, steps, "Choose an email step to preview", email, -1, null, null);
        }
        if (contact.isEmpty()) {
            return new Editor(id, name, steps, "Type the email of a contact to preview the email for", email, -1,
                    null, null);
        }
        StepForm step = steps.get(at);
        return new Editor(id, name, steps, null, email, at, Templates.subject(step.value("subject"), contact.get(), null),
                frames.keep(org, Templates.body(step.value("body"), contact.get(), null)));
    }

    private void editor(ServerRequest req, ServerResponse res, Status status, Editor editor) {
        String org = Chrome.orgId(req);
        String title = editor.id() == null ? "New workflow" : "Edit workflow";
        Html.send(res, status, "workflow-editor.jte", Html.params("page", Chrome.of(req, title, "Workflows"),
                "e", editor, "tags", tags.list(org, null, new PageRequest(1, 100)).tags(),
                "segments", segments.list(org), "types", Step.Type.names(), "units", StepForm.DELAY_UNITS));
    }

    private Map<Long, Long> counts(String statement, String workflowId) {
        Map<Long, Long> counts = new HashMap<>();
        db.query(statement, Map.of("workflow", workflowId),
                r -> counts.put(Rows.longValue(r, "step"), Rows.longValue(r, "total")));
        return counts;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
