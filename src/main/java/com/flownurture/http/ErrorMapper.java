package com.flownurture.http;

import java.lang.System.Logger.Level;
import com.flownurture.common.ConflictException;
import com.flownurture.common.InvalidInputException;
import com.flownurture.common.NotFoundException;
import com.flownurture.db.DatabaseUnavailableException;
import com.flownurture.db.SqlErrors;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.flownurture.common.Json;

/**
 * The one place that turns errors into the public error body {@code {"statusCode","message","error"}}.
 * Expected errors are answered quietly; only the unexpected is logged, with the request's id ({@link RequestId}),
 * which the response carries in its body too.
 */
public final class ErrorMapper {

    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {
    }

    /** Renders any error thrown by a handler or filter. */
    public static void handle(ServerRequest req, ServerResponse res, Throwable error) {
        if (res.isSent()) {
            return;
        }
        switch (error) {
            case NotFoundException e -> send(res, Status.NOT_FOUND_404, e.getMessage());
            case ConflictException e -> send(res, Status.CONFLICT_409, e.getMessage());
            case InvalidInputException e -> send(res, Status.BAD_REQUEST_400, e.getMessage());
            case HttpException e -> send(res, e.status(), e.getMessage());
            case RequestException e -> send(res, e.status(), publicMessage(e.status()));
            default -> {
                if (error instanceof DatabaseUnavailableException || SqlErrors.isUnavailable(error)) {
                    unavailable(res);
                } else if (SqlErrors.isUnstorableText(error)) {
                    send(res, Status.BAD_REQUEST_400, "Text must not contain NUL characters");
                } else {
                    internal(req, res, error);
                }
            }
        }
    }

    /** Sends an error body with the given status. */
    public static void send(ServerResponse res, Status status, String message) {
        res.status(status);
        Responses.json(res, status, Json.createObjectBuilder()
                .add("statusCode", status.code())
                .add("message", message == null ? status.reasonPhrase() : message)
                .add("error", status.reasonPhrase())
                .build());
    }

    /** The body text for an error Helidon raised itself, without its internals. */
    public static String publicMessage(Status status) {
        return switch (status.code()) {
            case 400 -> "Malformed request";
            case 413 -> "Request body is larger than the limit";
            case 431 -> "Request headers are too large";
            default -> status.reasonPhrase();
        };
    }

    private static void unavailable(ServerResponse res) {
        res.header(HeaderNames.RETRY_AFTER, "1");
        send(res, Status.SERVICE_UNAVAILABLE_503, "The database is unavailable; retry shortly");
    }

    private static void internal(ServerRequest req, ServerResponse res, Throwable error) {
        RequestId requestId = RequestId.of(req);
        LOG.log(Level.ERROR, "Unexpected error, request id " + requestId, error);
        res.header(RequestId.HEADER, requestId.value());
        send(res, Status.INTERNAL_SERVER_ERROR_500, "Internal server error (request id " + requestId + ")");
    }
}
