package com.flownurture.dashboard;

import java.util.ArrayList;
import java.util.List;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.contacts.Contact;
import com.flownurture.common.JsonFields;
import com.flownurture.segments.Segment;
import com.flownurture.segments.SegmentRepository;
import com.flownurture.segments.SegmentRules;
import com.flownurture.segments.SegmentsService;
import com.flownurture.tags.Tag;
import com.flownurture.tags.TagRepository;
import com.flownurture.common.PageRequest;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /segments}: the list and the rule builder (groups of rules: a contact matches when any group matches, a
 * group when all its rules do). As rules are edited, htmx posts the form to {@code /segments/preview}, which
 * answers with the count and first ten matches through the same logic as {@code POST /segments/preview}.
 */
public final class SegmentsPages {

    static final int SAMPLE = 10;

    private final SegmentRepository segments;
    private final TagRepository tags;

    SegmentsPages(SegmentRepository segments, TagRepository tags) {
        this.segments = segments;
        this.tags = tags;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/segments", this::list)
                .get("/segments/new", this::newBuilder)
                .post("/segments/new", this::edit)
                .post("/segments/preview", this::preview)
                .get("/segments/{id}", this::show)
                .post("/segments/{id}", this::edit)
                .post("/segments/{id}/delete", this::delete);
    }

    /** The builder's state. */
    public record Builder(String id, String name, List<List<RuleForm>> groups, String error, Preview preview) {
    }

    /** How many contacts the rules select and the first of them, or why the rules are not valid yet. */
    public record Preview(long count, List<Contact> sample, String error) {
    }

    /** {@code curl -b jar localhost:8080/segments} */
    private void list(ServerRequest req, ServerResponse res) {
        Html.send(res, "segments.jte", Html.params("page", Chrome.of(req, "Segments", "Segments"),
                "segments", segments.list(Chrome.orgId(req))));
    }

    /** {@code curl -b jar localhost:8080/segments/new} */
    private void newBuilder(ServerRequest req, ServerResponse res) {
        List<List<RuleForm>> groups = List.of(List.of(RuleForm.blank()));
        builder(req, res, Status.OK_200, new Builder(null, "", groups, null, preview(Chrome.orgId(req), groups)));
    }

    /** {@code curl -b jar localhost:8080/segments/$ID} */
    private void show(ServerRequest req, ServerResponse res) {
        Segment s = segments.get(Chrome.orgId(req), req.path().pathParameters().get("id"));
        List<List<RuleForm>> groups = RuleForm.of(s.rules());
        builder(req, res, Status.OK_200, new Builder(s.id(), s.name(), groups, null,
                preview(Chrome.orgId(req), groups)));
    }

    /** {@code curl -b jar -d "_csrf=...&groups=1&group.0.rules=1&group.0.rule.0.field=leadScore&..." localhost:8080/segments/preview} */
    private void preview(ServerRequest req, ServerResponse res) {
        Html.send(res, "segment-preview.jte", Html.params("preview",
                preview(Chrome.orgId(req), RuleForm.parse(DashboardFilter.form(req)))));
    }

    /**
     * The builder's buttons post here with {@code action}: {@code add-group}, {@code add-rule:G},
     * {@code remove-rule:G:R} re-render it; {@code save} saves.
     * {@code curl -b jar -d "_csrf=...&name=Leads&groups=0&action=save" localhost:8080/segments/new}
     */
    private void edit(ServerRequest req, ServerResponse res) {
        String org = Chrome.orgId(req);
        String id = req.path().pathParameters().contains("id") ? req.path().pathParameters().get("id") : null;
        if (id != null) {
            segments.get(org, id);
        }
        Parameters form = DashboardFilter.form(req);
        String name = form.first("name").orElse("").strip();
        List<List<RuleForm>> groups = new ArrayList<>();
        RuleForm.parse(form).forEach(g -> groups.add(new ArrayList<>(g)));
        String[] action = form.first("action").orElse("save").split(":");
        int g = action.length > 1 ? ContactsPages.parseInt(action[1]) - 1 : -1;
        int r = action.length > 2 ? ContactsPages.parseInt(action[2]) - 1 : -1;
        switch (action[0]) {
            case "add-group" -> groups.add(new ArrayList<>(List.of(RuleForm.blank())));
            case "add-rule" -> {
                if (g >= 0 && g < groups.size()) {
                    groups.get(g).add(RuleForm.blank());
                }
            }
            case "remove-rule" -> {
                if (g >= 0 && g < groups.size() && r >= 0 && r < groups.get(g).size()) {
                    groups.get(g).remove(r);
                    if (groups.get(g).isEmpty()) {
                        groups.remove(g);
                    }
                }
            }
            default -> {
                save(req, res, org, id, name, groups);
                return;
            }
        }
        builder(req, res, Status.OK_200, new Builder(id, name, groups, null, preview(org, groups)));
    }

    private void save(ServerRequest req, ServerResponse res, String org, String id, String name,
                      List<List<RuleForm>> groups) {
        try {
            new JsonFields(Json.createObjectBuilder().add("name", name).build(), "")
                    .requiredString("name", SegmentsService.MAX_NAME);
            Segment saved = id == null ? segments.create(org, name, RuleForm.toJson(groups))
                    : segments.update(org, id, name, RuleForm.toJson(groups));
            Html.redirect(res, "/segments/" + saved.id());
        } catch (InvalidInputException | ConflictException e) {
            builder(req, res, Status.BAD_REQUEST_400, new Builder(id, name, groups, e.getMessage(),
                    preview(org, groups)));
        }
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/segments/$ID/delete} */
    private void delete(ServerRequest req, ServerResponse res) {
        try {
            segments.delete(Chrome.orgId(req), req.path().pathParameters().get("id"));
            Html.redirect(res, "/segments");
        } catch (ConflictException e) {
            show(req, res);
        }
    }

    /** The count and first matches of the rules, as the API's preview computes them. */
    private Preview preview(String org, List<List<RuleForm>> groups) {
        try {
            SegmentRules rules = segments.validate(org, RuleForm.toJson(groups));
            return new Preview(segments.count(org, rules), segments.contacts(org, rules, SAMPLE, 0), null);
        } catch (InvalidInputException e) {
            return new Preview(0, List.of(), e.getMessage());
        }
    }

    private void builder(ServerRequest req, ServerResponse res, Status status, Builder builder) {
        String org = Chrome.orgId(req);
        List<Tag> tagList = tags.list(org, null, new PageRequest(1, 100)).tags();
        Html.send(res, status, "segment.jte", Html.params("page",
                Chrome.of(req, builder.id() == null ? "New segment" : builder.name(), "Segments"),
                "b", builder, "fields", RuleForm.FIELDS, "operators", RuleForm.OPERATORS, "tags", tagList));
    }
}
