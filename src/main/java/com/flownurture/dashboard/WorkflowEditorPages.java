package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.flownurture.common.ConflictException;
import com.flownurture.common.EmailHtml;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.engine.Templates;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.tags.TagRepository;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Tracking;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowRepository;
import com.flownurture.workflows.WorkflowStatus;
import com.flownurture.workflows.WorkflowsService;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The workflow step editor ({@code /workflows/new}, {@code /workflows/{id}/edit}): a form that posts back to itself
 * to add, remove, move and preview steps (every step type's fields) until it is saved through the same repository,
 * and so the same step rules, as the API. The preview renders an email step for a chosen contact as the engine
 * would.
 */
public final class WorkflowEditorPages {

    /** How the API's step errors begin: the step's index and the field. */
    private static final Pattern STEP_FIELD = Pattern.compile("steps\\[(\\d{1,3})]\\.([A-Za-z]+)");

    private final WorkflowRepository workflows;
    private final ContactRepository contacts;
    private final TagRepository tags;
    private final SegmentRepository segments;
    private final EmailFrames frames;

    WorkflowEditorPages(WorkflowRepository workflows, ContactRepository contacts, TagRepository tags,
                        SegmentRepository segments, EmailFrames frames) {
        this.workflows = workflows;
        this.contacts = contacts;
        this.tags = tags;
        this.segments = segments;
        this.frames = frames;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/workflows/new", this::newEditor)
                .post("/workflows/new", this::edit)
                .get("/workflows/{id}/edit", this::editor)
                .post("/workflows/{id}/edit", this::edit);
    }

    /** The editor's state: what is typed (its tracking checkboxes too), plus messages and an email preview. */
    public record Editor(String id, String name, Tracking tracking, List<StepForm> steps, String error,
                         String previewEmail,
                         int previewStep, String previewSubject, String previewToken) {

        /**
         * The error when the API's message names this step's field ({@code steps[2].headers ...}), to be shown
         * beside it (as well as above the form, where every error is); otherwise null.
         */
        public String errorFor(int step, String field) {
            Matcher m = error == null ? null : STEP_FIELD.matcher(error);
            return m != null && m.lookingAt() && Integer.parseInt(m.group(1)) == step && m.group(2).equals(field)
                    ? error : null;
        }
    }

    /** {@code curl -b jar localhost:8080/workflows/new} */
    private void newEditor(ServerRequest req, ServerResponse res) {
        editor(req, res, Status.OK_200, new Editor(null, "", Tracking.OFF,
                List.of(StepForm.blank(Step.Type.SEND_EMAIL)), null, "", -1, null, null));
    }

    /** {@code curl -b jar localhost:8080/workflows/$ID/edit} */
    private void editor(ServerRequest req, ServerResponse res) {
        Workflow w = workflows.get(Chrome.orgId(req), id(req));
        editor(req, res, Status.OK_200, new Editor(w.id(), w.name(), w.tracking(),
                w.steps().stream().map(StepForm::of).toList(), null, "", -1, null, null));
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
        Tracking tracking = new Tracking(form.first("trackOpens").isPresent(), form.first("trackClicks").isPresent());
        String action = form.first("action").orElse("save");
        String previewEmail = form.first("previewEmail").orElse("").strip();
        List<StepForm> steps;
        try {
            steps = new ArrayList<>(StepForm.parse(form));
        } catch (InvalidInputException e) {
            editor(req, res, Status.BAD_REQUEST_400, new Editor(id, name, tracking, List.of(), e.getMessage(),
                    previewEmail, -1, null, null));
            return;
        }
        int at = action.contains(":") ? ContactsPages.parseInt(action.substring(action.indexOf(':') + 1)) : -1;
        boolean valid = at >= 0 && at < steps.size();
        switch (action.contains(":") ? action.substring(0, action.indexOf(':')) : action) {
            case "add" -> steps.add(StepForm.blank(Step.Type.names().contains(form.first("newType").orElse(""))
                    ? Step.Type.valueOf(form.first("newType").get()) : Step.Type.SEND_EMAIL));
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
                editor(req, res, Status.OK_200, preview(org, id, name, tracking, steps, previewEmail,
                        valid ? at : -1));
                return;
            }
            default -> {
                save(req, res, org, id, name, tracking, steps, previewEmail);
                return;
            }
        }
        editor(req, res, Status.OK_200, new Editor(id, name, tracking, steps, null, previewEmail, -1, null, null));
    }

    private void save(ServerRequest req, ServerResponse res, String org, String id, String name, Tracking tracking,
                      List<StepForm> steps, String previewEmail) {
        try {
            new JsonFields(Json.createObjectBuilder().add("name", name).build(), "")
                    .requiredString("name", WorkflowsService.MAX_NAME);
            JsonFields tracked = new JsonFields(Json.createObjectBuilder().add("tracking", tracking.toJson()).build(),
                    "");
            Workflow saved;
            if (id == null) {
                saved = workflows.create(org, name, WorkflowStatus.DRAFT, StepForm.toJson(steps), tracked);
            } else {
                workflows.replaceSteps(org, id, StepForm.toJson(steps));
                saved = workflows.update(org, id, name, null, tracked);
            }
            Html.redirect(res, "/workflows/" + saved.id());
        } catch (InvalidInputException | ConflictException e) {
            editor(req, res, Status.BAD_REQUEST_400, new Editor(id, name, tracking, steps, e.getMessage(),
                    previewEmail, -1, null, null));
        }
    }

    /** The email step at {@code at} rendered for the contact with the given email, as the engine renders it. */
    private Editor preview(String org, String id, String name, Tracking tracking, List<StepForm> steps, String email,
                           int at) {
        Optional<Contact> contact = email.isEmpty() ? Optional.empty() : contacts.findByEmail(org, email);
        if (at < 0 || steps.get(at).type() != Step.Type.SEND_EMAIL) {
            return new Editor(id, name, tracking, steps, "Choose an email step to preview", email, -1, null, null);
        }
        if (contact.isEmpty()) {
            return new Editor(id, name, tracking, steps, "Type the email of a contact to preview the email for", email,
                    -1, null, null);
        }
        StepForm step = steps.get(at);
        return new Editor(id, name, tracking, steps, null, email, at, Templates.subject(step.value("subject"), contact.get(), null),
                frames.keep(org, EmailFrames.document(EmailHtml.isHtml(step.value("body")),
                        Templates.body(step.value("body"), contact.get(), null))));
    }

    private void editor(ServerRequest req, ServerResponse res, Status status, Editor editor) {
        String org = Chrome.orgId(req);
        String title = editor.id() == null ? "New workflow" : "Edit workflow";
        Html.send(res, status, "workflow-editor.jte", Html.params("page", Chrome.of(req, title, "Workflows"),
                "e", editor, "tags", tags.list(org, null, new PageRequest(1, 100)).tags(),
                "segments", segments.list(org), "types", Step.Type.names(), "units", StepForm.DELAY_UNITS));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
