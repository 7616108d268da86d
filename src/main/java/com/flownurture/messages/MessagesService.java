package com.flownurture.messages;

import java.util.LinkedHashMap;
import java.util.Map;

import com.flownurture.auth.Principal;
import com.flownurture.common.Json;
import com.flownurture.common.NotFoundException;
import com.flownurture.common.PageRequest;
import com.flownurture.http.ApiRoutes;
import com.flownurture.http.ApiService;
import com.flownurture.http.Paging;
import com.flownurture.http.QueryParams;
import com.flownurture.http.Responses;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;

/** {@code /api/v1/messages}: the outbox, including the capture outbox of a server without SMTP. */
public final class MessagesService implements ApiService {

    private final MessageRepository messages;

    public MessagesService(MessageRepository messages) {
        this.messages = messages;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.get("/messages", this::list)
                .get("/messages/{id}", this::get);
    }

    /** {@code curl -H "Authorization: Bearer $KEY" localhost:8080/api/v1/messages/$ID} (with its delivery events) */
    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, messages.detail(Principal.of(req).orgId(), req.path().pathParameters().get("id"))
                .orElseThrow(() -> new NotFoundException("Message not found")));
    }

    /** {@code curl -H "Authorization: Bearer $KEY" "localhost:8080/api/v1/messages?contactId=$ID&status=SENT"} */
    private void list(ServerRequest req, ServerResponse res) {
        PageRequest paging = Paging.from(req);
        String contactId = QueryParams.string(req, "contactId", 64);
        String status = QueryParams.oneOf(req, "status", MessageStatus.names());
        MessageRepository.Page page = messages.list(Principal.of(req).orgId(), contactId,
                status == null ? null : MessageStatus.valueOf(status), paging);
        JsonArrayBuilder body = Json.createArrayBuilder();
        page.messages().forEach(m -> body.add(m.toJson()));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("contactId", contactId);
        filters.put("status", status);
        Paging.headers(req, res, paging, page.total(), filters);
        Responses.ok(res, body.build());
    }
}
