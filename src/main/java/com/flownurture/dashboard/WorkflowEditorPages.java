package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import com.flownurture.workflows.Automation;
import com.flownurture.workflows.Step;
import com.flownurture.workflows.Tracking;
import com.flownurture.workflows.Workflow;
import com.flownurture.workflows.WorkflowRepository;
import com.flownurture.workflows.WorkflowStatus;
import com.flownurture.workflows.WorkflowsService;
import com.flownurture.workflows.When;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;

/**
 * The workflow editor ({@code /workflows/new}, {@code /workflows/{id}/edit}): a form that posts back to itself to
 * set the trigger, re-entry, goals and exits and to add, remove, move and preview steps (every step type's fields)
 * until it is saved through the same repository, and so the same rules, as the API. It shows every field of the
 * API's workflow, so that saving never drops one. The preview renders an email step for a chosen contact as the
 * engine would.
 */
public final class WorkflowEditorPages {

    /** How the API's step errors begin: the step's index and the field. */
    private static final Pattern STEP_FIELD = Pattern.compile("steps\\[(\\d{1,3})]\\.([A-Za-z]+)");
    /** How the API's automation errors begin: the condition ({@code trigger}, {@code goals[1]}) and the field. */
    private static final Pattern CONDITION_FIELD =
            Pattern.compile("(trigger|goals\\[\\d{1,3}]|exitOn\\[\\d{1,3}]|reentry)\\.?([A-Za-z]*)");

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

    /**
     * The editor's state: what is typed (its automation and tracking checkboxes too), plus messages and an email
     * preview.
     */
    public record Editor(String id, String name, Tracking tracking, AutomationForm automation, List<StepForm> steps,
                         String error, String previewEmail, int previewStep, String previewSubject,
                         String previewToken) {

        /** The editor's form as typed, without a message or preview. */
        Editor(String id, String name, Tracking tracking, AutomationForm automation, List<StepForm> steps,
               String previewEmail) {
            this(id, name, tracking, automation, steps, null, previewEmail, -1, null, null);
        }

        /** This form with a message. */
        Editor withError(String message) {
            return new Editor(id, name, tracking, automation, steps, message, previewEmail, -1, null, null);
        }

        /**
         * The error when the API's message names this condition's field ({@code goals[1].eventName ...}, where is
         * {@code trigger}, {@code goals[1]}, {@code exitOn[0]} or {@code reentry}), to be shown beside it; else null.
         */
        public String errorFor(String where, String field) {
            Matcher m = error == null ? null : CONDITION_FIELD.matcher(error);
            return m != null && m.lookingAt() && m.group(1).equals(where) && m.group(2).equals(field) ? error : null;
        }

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
        editor(req, res, Status.OK_200, new Editor(null, "", Tracking.OFF, AutomationForm.manual(),
                List.of(StepForm.blank(Step.Type.SEND_EMAIL, List.of())), ""));
    }

    /** {@code curl -b jar localhost:8080/workflows/$ID/edit} */
    private void editor(ServerRequest req, ServerResponse res) {
        Workflow w = workflows.get(Chrome.orgId(req), id(req));
        editor(req, res, Status.OK_200, new Editor(w.id(), w.name(), w.tracking(), AutomationForm.of(w.automation()),
                w.steps().stream().map(StepForm::of).toList(), ""));
    }

    /**
     * Every button of the editor posts here with {@code action}: {@code add}, {@code remove:N}, {@code up:N},
     * {@code down:N}, {@code preview:N}, {@code add-goal}, {@code remove-goal:N}, {@code add-exit},
     * {@code remove-exit:N} and {@code refresh} (the fields of newly chosen condition types) re-render the form;
     * {@code save} saves it.
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
        AutomationForm automation = AutomationForm.parse(form);
        List<StepForm> steps;
        try {
            steps = new ArrayList<>(StepForm.parse(form));
        } catch (InvalidInputException e) {
            editor(req, res, Status.BAD_REQUEST_400,
                    new Editor(id, name, tracking, automation, List.of(), previewEmail).withError(e.getMessage()));
            return;
        }
        int at = action.contains(":") ? ContactsPages.parseInt(action.substring(action.indexOf(':') + 1)) : -1;
        boolean valid = at >= 0 && at < steps.size();
        switch (action.contains(":") ? action.substring(0, action.indexOf(':')) : action) {
            case "add" -> steps.add(StepForm.blank(Step.Type.names().contains(form.first("newType").orElse(""))
                    ? Step.Type.valueOf(form.first("newType").get()) : Step.Type.SEND_EMAIL, steps));
            case "remove" -> {
                if (valid) {
                    steps.remove(at);
                }
            }
            case "up" -> {
                if (valid && at > 0) {
                    swap(steps, at - 1, at);
                }
            }
            case "down" -> {
                if (valid && at < steps.size() - 1) {
                    swap(steps, at, at + 1);
                }
            }
            case "add-goal" -> automation = automation.withGoals(added(automation.goals(),
                    form.first("newGoal").orElse(""), Automation.GOALS));
            case "remove-goal" -> automation = automation.withGoals(removed(automation.goals(), at));
            case "add-exit" -> automation = automation.withExits(added(automation.exits(),
                    form.first("newExit").orElse(""), Automation.EXITS));
            case "remove-exit" -> automation = automation.withExits(removed(automation.exits(), at));
            case "refresh" -> {
                // Re-rendered below with the fields of the condition types just chosen.
            }
            case "preview" -> {
                editor(req, res, Status.OK_200, preview(org,
                        new Editor(id, name, tracking, automation, steps, previewEmail), valid ? at : -1));
                return;
            }
            default -> {
                save(req, res, org, new Editor(id, name, tracking, automation, steps, previewEmail));
                return;
            }
        }
        editor(req, res, Status.OK_200, new Editor(id, name, tracking, automation, steps, previewEmail));
    }

    /** Swaps two steps, each taking the other's order, so that orders stay ascending down the list. */
    private static void swap(List<StepForm> steps, int i, int j) {
        StepForm first = steps.get(i);
        StepForm second = steps.get(j);
        steps.set(i, second.withOrder(first.order()));
        steps.set(j, first.withOrder(second.order()));
    }

    private static List<AutomationForm.Condition> added(List<AutomationForm.Condition> conditions, String type,
                                                        List<String> allowed) {
        List<AutomationForm.Condition> list = new ArrayList<>(conditions);
        list.add(AutomationForm.Condition.blank(allowed.contains(type) ? type : allowed.getFirst()));
        return list;
    }

    private static List<AutomationForm.Condition> removed(List<AutomationForm.Condition> conditions, int at) {
        List<AutomationForm.Condition> list = new ArrayList<>(conditions);
        if (at >= 0 && at < list.size()) {
            list.remove(at);
        }
        return list;
    }

    /**
     * Saves the form as the API's request: a new workflow through {@code create}, an existing one through
     * {@code replace} (name, steps, automation and tracking in one transaction), so nothing is saved on an error.
     */
    private void save(ServerRequest req, ServerResponse res, String org, Editor e) {
        try {
            new JsonFields(Json.createObjectBuilder().add("name", e.name()).build(), "")
                    .requiredString("name", WorkflowsService.MAX_NAME);
            JsonFields fields = new JsonFields(e.automation().addTo(Json.createObjectBuilder())
                    .add("tracking", e.tracking().toJson()).build(), "");
            JsonArray steps = StepForm.toJson(e.steps());
            Workflow saved = e.id() == null
                    ? workflows.create(org, e.name(), WorkflowStatus.DRAFT, steps, fields)
                    : workflows.replace(org, e.id(), e.name(), steps, fields);
            Html.redirect(res, "/workflows/" + saved.id());
        } catch (InvalidInputException | ConflictException ex) {
            editor(req, res, Status.BAD_REQUEST_400, e.withError(ex.getMessage()));
        }
    }

    /** The email step at {@code at} rendered for the contact with the given email, as the engine renders it. */
    private Editor preview(String org, Editor e, int at) {
        String email = e.previewEmail();
        Optional<Contact> contact = email.isEmpty() ? Optional.empty() : contacts.findByEmail(org, email);
        if (at < 0 || e.steps().get(at).type() != Step.Type.SEND_EMAIL) {
            return e.withError("Choose an email step to preview");
        }
        if (contact.isEmpty()) {
            return e.withError("Type the email of a contact to preview the email for");
        }
        StepForm step = e.steps().get(at);
        return new Editor(e.id(), e.name(), e.tracking(), e.automation(), e.steps(), null, email, at,
                Templates.subject(step.value("subject"), contact.get(), null),
                frames.keep(org, EmailFrames.document(EmailHtml.isHtml(step.value("body")),
                        Templates.body(step.value("body"), contact.get(), null))));
    }

    private void editor(ServerRequest req, ServerResponse res, Status status, Editor editor) {
        String org = Chrome.orgId(req);
        String title = editor.id() == null ? "New workflow" : "Edit workflow";
        Html.send(res, status, "workflow-editor.jte", Html.params("page", Chrome.of(req, title, "Workflows"),
                "e", editor, "tagNames", tagNames(tags, org), "segmentNames", segmentNames(segments, org), "types", Step.Type.names(), "units", StepForm.DELAY_UNITS,
                "triggers", Automation.TRIGGERS, "goalTypes", Automation.GOALS, "exitTypes", Automation.EXITS,
                "fields", When.FieldChanged.FIELDS));
    }

    /** The organization's first 100 tags by id, with their names (a step's other tag is shown by its id). */
    static Map<String, String> tagNames(TagRepository tags, String org) {
        Map<String, String> names = new LinkedHashMap<>();
        tags.list(org, null, new PageRequest(1, 100)).tags().forEach(t -> names.put(t.id(), t.name()));
        return names;
    }

    /** The organization's segments by id, with their names. */
    static Map<String, String> segmentNames(SegmentRepository segments, String org) {
        Map<String, String> names = new LinkedHashMap<>();
        segments.list(org).forEach(s -> names.put(s.id(), s.name()));
        return names;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
