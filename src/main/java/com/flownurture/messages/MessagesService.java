package com.flownurture.messages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.flownurture.auth.Principal;
import com.flownurture.db.Database;
import com.flownurture.db.Rows;
import com.flownurture.db.Times;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Paging;
import com.flownurture.http.QueryParams;
import com.flownurture.http.Responses;
import io.helidon.dbclient.DbRow;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.common.PageRequest;
import com.flownurture.common.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/** {@code /api/v1/messages}: the outbox, including the capture outbox of a server without SMTP. */
public final class MessagesService implements ApiService {

    static final List<String> STATUSES = List.of("PENDING", "SENDING", "SENT", "FAILED");

    private final Database db;

    public MessagesService(Database db) {
        this.db = db;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/messages", this::list);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/messages?contactId=$ID&status=SENT"} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String contactId = QueryParams.string(req, "contactId", 64);
        String status = QueryParams.oneOf(req, "status", STATUSES);
        String orgId = Principal.of(req).orgId();
        JsonArrayBuilder body = Json.createArrayBuilder();
        try (Stream<DbRow> rows = db.read().createNamedQuery("message-list").addParam("org", orgId)
                .addParam("contact", contactId).addParam("status", status)
                .addParam("limit", paging.limit()).addParam("offset", paging.offset()).execute()) {
            rows.forEach(row -> body.add(toJson(row)));
        }
        long total = db.read().createNamedGet("message-count").addParam("org", orgId).addParam("contact", contactId)
                .addParam("status", status).execute().map(r -> Rows.longValue(r, "total")).orElse(0L);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("contactId", contactId);
        filters.put("status", status);
        Paging.headers(req, res, paging, total, filters);
        Responses.ok(res, body.build());
    }

    private static JsonObjectBuilder toJson(DbRow row) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", Rows.string(row, "id"))
                .add("contactId", Rows.string(row, "contact_id"));
        nullable(json, "enrollmentId", Rows.string(row, "enrollment_id"));
        json.add("to", Rows.string(row, "to_email"))
                .add("subject", Rows.string(row, "subject"))
                .add("body", Rows.string(row, "body"))
                .add("status", Rows.string(row, "status"))
                .add("attempts", Rows.longValue(row, "attempts"))
                .add("messageId", Rows.string(row, "message_id"));
        Long sentAt = Rows.nullableLong(row, "sent_at");
        nullable(json, "sentAt", sentAt == null ? null : Times.format(sentAt));
        nullable(json, "error", Rows.string(row, "error"));
        json.add("createdAt", Times.format(Rows.longValue(row, "created_at")));
        return json;
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
