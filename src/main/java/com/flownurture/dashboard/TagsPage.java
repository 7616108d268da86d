package com.flownurture.dashboard;

import java.util.List;
import java.util.Map;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.tags.TagCounts;
import com.flownurture.tags.TagRepository;
import com.flownurture.tags.TagsService;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /tags}: the tags with their contact counts; create, rename, delete. */
public final class TagsPage {

    static final int MAX_TAGS = 500;

    private final TagCounts counts;
    private final TagRepository tags;

    TagsPage(TagCounts counts, TagRepository tags) {
        this.counts = counts;
        this.tags = tags;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/tags", this::list)
                .post("/tags", this::create)
                .post("/tags/{id}/rename", this::rename)
                .post("/tags/{id}/delete", this::delete);
    }

    /** {@code curl -b jar localhost:8080/tags} */
    private void list(ServerRequest req, ServerResponse res) {
        show(req, res, Status.OK_200, Map.of());
    }

    /** {@code curl -b jar -d "_csrf=...&name=Webinar" localhost:8080/tags} */
    private void create(ServerRequest req, ServerResponse res) {
        try {
            tags.create(Chrome.orgId(req), name(req));
            Html.redirect(res, "/tags");
        } catch (InvalidInputException | ConflictException e) {
            show(req, res, Status.BAD_REQUEST_400, Map.of("new", e.getMessage()));
        }
    }

    /** {@code curl -b jar -d "_csrf=...&name=Webinar 2026" localhost:8080/tags/$ID/rename} */
    private void rename(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        try {
            tags.rename(Chrome.orgId(req), id, name(req));
            Html.redirect(res, "/tags");
        } catch (InvalidInputException | ConflictException e) {
            show(req, res, Status.BAD_REQUEST_400, Map.of(id, e.getMessage()));
        }
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/tags/$ID/delete} */
    private void delete(ServerRequest req, ServerResponse res) {
        tags.delete(Chrome.orgId(req), req.path().pathParameters().get("id"));
        Html.redirect(res, "/tags");
    }

    /** The submitted name, checked by the API's rule for tag names. */
    private static String name(ServerRequest req) {
        String name = DashboardFilter.form(req).first("name").orElse("").strip();
        return new JsonFields(Json.createObjectBuilder().add("name", name).build(), "")
                .requiredString("name", TagsService.MAX_NAME);
    }

    private void show(ServerRequest req, ServerResponse res, Status status, Map<String, String> errors) {
        List<TagCounts.TagCount> list = counts.list(Chrome.orgId(req), MAX_TAGS);
        Html.send(res, status, "tags.jte", Html.params("page", Chrome.of(req, "Tags", "Tags"), "tags", list,
                "errors", errors));
    }
}
