package com.flownurture.dashboard;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.contacts.Contact;
import com.flownurture.contacts.ContactRepository;
import com.flownurture.contacts.LifecycleStage;
import com.flownurture.db.Database;
import com.flownurture.db.Tx;
import com.flownurture.enrollments.Enrollment;
import com.flownurture.enrollments.EnrollmentRepository;
import com.flownurture.common.PageRequest;
import com.flownurture.suppressions.SuppressionRepository;
import com.flownurture.tags.Tag;
import com.flownurture.tags.TagRepository;
import com.flownurture.workflows.WorkflowRepository;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * {@code /contacts}: the list with search (as you type, through htmx), tag filter and pages; a contact's page with
 * its tags, enrollments, messages and latest events; create, edit and delete; unsubscribe and re-subscribe (as the
 * unsubscribe link does, with its UNSUBSCRIBED entry). Same repositories, same rules as the API.
 */
public final class ContactsPages {

    static final int PAGE_SIZE = 25;

    private final Database db;
    private final ContactRepository contacts;
    private final TagRepository tags;
    private final EnrollmentRepository enrollments;
    private final WorkflowRepository workflows;
    private final MessagesPages messages;
    private final EventsPages events;
    private final SuppressionRepository suppressions;

    ContactsPages(Database db, ContactRepository contacts, TagRepository tags, EnrollmentRepository enrollments,
                  WorkflowRepository workflows, MessagesPages messages, EventsPages events,
                  SuppressionRepository suppressions) {
        this.db = db;
        this.contacts = contacts;
        this.tags = tags;
        this.enrollments = enrollments;
        this.workflows = workflows;
        this.messages = messages;
        this.events = events;
        this.suppressions = suppressions;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/contacts", this::list)
                .get("/contacts/new", this::newForm)
                .post("/contacts", this::create)
                .get("/contacts/{id}", this::show)
                .get("/contacts/{id}/edit", this::editForm)
                .post("/contacts/{id}", this::update)
                .post("/contacts/{id}/delete", this::delete)
                .post("/contacts/{id}/tags/add", this::addTag)
                .post("/contacts/{id}/tags/remove", this::removeTag)
                .post("/contacts/{id}/unsubscribe", this::unsubscribe)
                .post("/contacts/{id}/resubscribe", this::resubscribe);
    }

    /** The list's filters and the page shown. */
    public record Filters(String search, String tagId, int page) {
    }

    /** {@code curl -b jar "localhost:8080/contacts?search=jane&tagId=$TAG&page=2"} */
    private void list(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String search = blankToNull(req.query().first("search").orElse(""), 255);
        String tagId = blankToNull(req.query().first("tagId").orElse(""), 64);
        int page = pageNumber(req);
        ContactRepository.Page found = contacts.list(org, search, tagId, new PageRequest(page, PAGE_SIZE));
        Html.send(res, "contacts.jte", Html.params("page", Chrome.of(req, "Contacts", "Contacts"),
                "filters", new Filters(search == null ? "" : search, tagId == null ? "" : tagId, page),
                "found", found, "tags", allTags(org), "pageSize", PAGE_SIZE));
    }

    /** {@code curl -b jar localhost:8080/contacts/new} */
    private void newForm(ServerRequest req, ServerResponse res) {
        form(req, res, Status.OK_200, null, ContactForm.empty());
    }

    /** {@code curl -b jar -d "_csrf=...&email=jane@example.com&lifecycleStage=LEAD" localhost:8080/contacts} */
    private void create(ServerRequest req, ServerResponse res) {
        ContactForm form = ContactForm.parse(DashboardFilter.form(req));
        if (form.invalid()) {
            form(req, res, Status.BAD_REQUEST_400, null, form);
            return;
        }
        try {
            Contact created = contacts.create(Chrome.orgId(req), form.changes(true));
            Html.redirect(res, "/contacts/" + created.id());
        } catch (InvalidInputException | ConflictException e) {
            form(req, res, Status.BAD_REQUEST_400, null, withError(form, e));
        }
    }

    /** {@code curl -b jar localhost:8080/contacts/$ID} */
    private void show(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        ContactRepository.Detail detail = contacts.detail(org, id(req));
        Map<String, String> workflowNames = workflows.list(org).stream()
                .collect(Collectors.toMap(WorkflowRepository.Summary::id, WorkflowRepository.Summary::name));
        List<Enrollment> page = enrollments.list(org,
                        new EnrollmentRepository.Filter(null, detail.contact().id(), null), new PageRequest(1, 20))
                .enrollments();
        Map<String, JsonArray> histories = enrollments.histories(org, page.stream().map(Enrollment::id).toList());
        List<EnrollmentView> enrolled = page.stream()
                .map(e -> new EnrollmentView(e, workflowNames.getOrDefault(e.workflowId(), e.workflowId()),
                        histories.get(e.id()))).toList();
        Html.send(res, "contact.jte", Html.params("page", Chrome.of(req, Fmt.name(detail.contact()), "Contacts"),
                "c", detail.contact(), "tags", tagList(detail.tagsJson()), "allTags", allTags(org),
                "enrollments", enrolled, "messages", messages.ofContact(org, detail.contact().id()),
                "events", events.ofContact(org, detail.contact().id())));
    }

    /** An enrollment with its workflow's name and the steps it has run. */
    public record EnrollmentView(Enrollment enrollment, String workflowName, JsonArray history) {
    }

    /** {@code curl -b jar localhost:8080/contacts/$ID/edit} */
    private void editForm(ServerRequest req, ServerResponse res) {
        Contact contact = contacts.detail(Chrome.orgId(req), id(req)).contact();
        form(req, res, Status.OK_200, contact, ContactForm.of(contact));
    }

    /** {@code curl -b jar -d "_csrf=...&email=...&company=Acme" localhost:8080/contacts/$ID} */
    private void update(ServerRequest req, ServerResponse res) {
        Contact contact = contacts.detail(Chrome.orgId(req), id(req)).contact();
        ContactForm form = ContactForm.parse(DashboardFilter.form(req));
        if (form.invalid()) {
            form(req, res, Status.BAD_REQUEST_400, contact, form);
            return;
        }
        try {
            contacts.update(Chrome.orgId(req), contact.id(), form.changes(false));
            Html.redirect(res, "/contacts/" + contact.id());
        } catch (InvalidInputException | ConflictException e) {
            form(req, res, Status.BAD_REQUEST_400, contact, withError(form, e));
        }
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/contacts/$ID/delete} */
    private void delete(ServerRequest req, ServerResponse res) {
        contacts.delete(Chrome.orgId(req), id(req));
        Html.redirect(res, "/contacts");
    }

    /** {@code curl -b jar -d "_csrf=...&tagId=$TAG" localhost:8080/contacts/$ID/tags/add} */
    private void addTag(ServerRequest req, ServerResponse res) {
        tags.addToContact(Chrome.orgId(req), id(req), tagId(req));
        Html.redirect(res, "/contacts/" + id(req));
    }

    /** {@code curl -b jar -d "_csrf=...&tagId=$TAG" localhost:8080/contacts/$ID/tags/remove} */
    private void removeTag(ServerRequest req, ServerResponse res) {
        tags.removeFromContact(Chrome.orgId(req), id(req), tagId(req));
        Html.redirect(res, "/contacts/" + id(req));
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/contacts/$ID/unsubscribe}: adds the UNSUBSCRIBED entry too */
    private void unsubscribe(ServerRequest req, ServerResponse res) {
        String source = "dashboard " + DashboardFilter.session(req).user().email();
        changeSubscription(req, (tx, org, c) -> suppressions.unsubscribe(tx, org, c.id(), c.email(), source));
        Html.redirect(res, "/contacts/" + id(req));
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/contacts/$ID/resubscribe}: removes the UNSUBSCRIBED entry */
    private void resubscribe(ServerRequest req, ServerResponse res) {
        changeSubscription(req, (tx, org, c) -> suppressions.resubscribe(tx, org, c.id(), c.email()));
        Html.redirect(res, "/contacts/" + id(req));
    }

    /** What a subscription button does to a contact of the organization, inside one transaction. */
    private interface SubscriptionChange {
        void apply(Tx tx, String orgId, Contact contact);
    }

    private void changeSubscription(ServerRequest req, SubscriptionChange change) {
        String org = Chrome.orgId(req);
        db.write(tx -> {
            Contact contact = contacts.find(tx, org, id(req))
                    .orElseThrow(() -> new NotFoundException("Contact not found"));
            change.apply(tx, org, contact);
            return null;
        });
    }

    private void form(ServerRequest req, ServerResponse res, Status status, Contact contact, ContactForm form) {
        String title = contact == null ? "New contact" : "Edit " + Fmt.name(contact);
        Html.send(res, status, "contact-form.jte", Html.params("page", Chrome.of(req, title, "Contacts"),
                "contact", contact, "form", form, "stages", LifecycleStage.names()));
    }

    private List<Tag> allTags(String org) {
        return tags.list(org, null, new PageRequest(1, 100)).tags();
    }

    /** A contact's tags from the detail's JSON array of {@code {id, name}}. */
    private static List<Tag> tagList(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readArray().stream().map(JsonObject.class::cast)
                    .map(t -> new Tag(t.getString("id"), t.getString("name"), 0)).toList();
        }
    }

    private static ContactForm withError(ContactForm form, RuntimeException e) {
        String field = e instanceof ConflictException ? "email" : "form";
        Map<String, String> errors = new java.util.LinkedHashMap<>(form.errors());
        errors.put(field, e.getMessage());
        return new ContactForm(form.values(), errors);
    }

    private static String tagId(ServerRequest req) {
        Parameters form = DashboardFilter.form(req);
        return form.first("tagId").orElseThrow(() -> new NotFoundException("Tag not found"));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    static String blankToNull(String value, int max) {
        String v = value.strip();
        return v.isEmpty() ? null : v.length() > max ? v.substring(0, max) : v;
    }

    /** The {@code page} query parameter: 1 when absent or not a number, at most 1,000,000. */
    static int pageNumber(ServerRequest req) {
        return Math.max(1, Math.min(1_000_000, parseInt(req.query().first("page").orElse("1"))));
    }

    static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
