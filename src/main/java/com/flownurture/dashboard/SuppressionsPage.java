package com.flownurture.dashboard;

import java.util.Map;

import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.Json;
import com.flownurture.common.JsonFields;
import com.flownurture.common.PageRequest;
import com.flownurture.suppressions.SuppressionReason;
import com.flownurture.suppressions.SuppressionRepository;
import com.flownurture.suppressions.SuppressionsService;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code /suppressions}: the organization's suppression list, filtered by email and reason, in pages; add a MANUAL
 * entry; delete any (deleting an UNSUBSCRIBED one re-subscribes its contact). Members may change it, as they may
 * change contacts. Same repository, same rules as {@code /api/v1/suppressions}.
 */
public final class SuppressionsPage {

    static final int PAGE_SIZE = 25;

    private final SuppressionRepository suppressions;

    SuppressionsPage(SuppressionRepository suppressions) {
        this.suppressions = suppressions;
    }

    void routes(DashboardRoutes routing) {
        routing.get("/suppressions", this::list)
                .post("/suppressions", this::add)
                .post("/suppressions/{id}/delete", this::delete);
    }

    /** The list's filters and the page shown ({@code ""} for no filter). */
    public record Filters(String email, String reason, int page) {
    }

    /** What the add form was given, and what was wrong with it ({@code null}: nothing). */
    public record AddForm(String email, String note, String error) {
    }

    /** {@code curl -b jar "localhost:8080/suppressions?email=jane@example.com&reason=UNSUBSCRIBED&page=1"} */
    private void list(ServerRequest req, ServerResponse res) {
        show(req, res, Status.OK_200, new AddForm("", "", null));
    }

    /** {@code curl -b jar -d "_csrf=...&email=jane@example.com&note=asked by phone" localhost:8080/suppressions} */
    private void add(ServerRequest req, ServerResponse res) {
        Parameters form = DashboardFilter.form(req);
        String email = form.first("email").orElse("").strip();
        String note = form.first("note").orElse("").strip();
        try {
            // The API's rules for the address and the note, so both say the same about bad input.
            JsonObjectBuilder given = Json.createObjectBuilder();
            if (!email.isEmpty()) {
                given.add("email", email);
            }
            if (!note.isEmpty()) {
                given.add("note", note);
            }
            JsonFields fields = new JsonFields(given.build(), "");
            String address = fields.optionalEmail("email");
            if (address == null) {
                throw new InvalidInputException("email is required");
            }
            String checkedNote = fields.optionalString("note", SuppressionsService.MAX_NOTE);
            suppressions.addManual(Chrome.orgId(req), address, checkedNote,
                    "dashboard " + DashboardFilter.session(req).user().email());
            Html.redirect(res, "/suppressions");
        } catch (InvalidInputException | ConflictException e) {
            show(req, res, Status.BAD_REQUEST_400, new AddForm(email, note, e.getMessage()));
        }
    }

    /** {@code curl -b jar -d "_csrf=..." localhost:8080/suppressions/$ID/delete} */
    private void delete(ServerRequest req, ServerResponse res) {
        suppressions.delete(Chrome.orgId(req), req.path().pathParameters().get("id"));
        Html.redirect(res, "/suppressions");
    }

    private void show(ServerRequest req, ServerResponse res, Status status, AddForm addForm) {
        String email = ContactsPages.blankToNull(req.query().first("email").orElse(""), 255);
        String reason = req.query().first("reason").filter(SuppressionReason.names()::contains).orElse(null);
        int page = ContactsPages.pageNumber(req);
        SuppressionRepository.Page found = suppressions.list(Chrome.orgId(req), email,
                reason == null ? null : SuppressionReason.valueOf(reason), new PageRequest(page, PAGE_SIZE));
        Map<String, Object> params = Html.params("page", Chrome.of(req, "Suppressions", "Suppressions"),
                "filters", new Filters(email == null ? "" : email, reason == null ? "" : reason, page),
                "found", found, "reasons", SuppressionReason.names(), "pageSize", PAGE_SIZE, "form", addForm);
        Html.send(res, status, "suppressions.jte", params);
    }
}
