package com.flownurture.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flownurture.common.PageRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code page} (from 1, default 1) and {@code limit} (1..100, default 25) of a list request, and the
 * {@code X-Total-Count} and RFC 8288 {@code Link} headers of its response.
 */
public final class Paging {

    /** The highest page number accepted; deeper pages are empty long before this at any real size. */
    static final int MAX_PAGE = 10_000_000;

    private Paging() {
    }

    /** Reads and validates page and limit. */
    public static PageRequest from(ServerRequest req) {
        return new PageRequest(
                QueryParams.integer(req, "page", 1, 1, MAX_PAGE),
                QueryParams.integer(req, "limit", 25, 1, 100));
    }

    /**
     * Adds {@code X-Total-Count} and a {@code Link} header with next and prev pages, keeping the other filters.
     *
     * @param filters the list's other query parameters, null values left out
     */
    public static void headers(ServerRequest req, ServerResponse res, PageRequest page, long total,
                               Map<String, String> filters) {
        headers(req, res, page, total, true, filters);
    }

    /**
     * As {@link #headers(ServerRequest, ServerResponse, PageRequest, long, Map)}, for a total that may be only a
     * lower bound: then {@code X-Total-Count} is left out (a client must not take it for the size) and
     * {@code X-Total-Count-Min} says how many there are at least.
     */
    public static void headers(ServerRequest req, ServerResponse res, PageRequest page, long total, boolean exact,
                               Map<String, String> filters) {
        res.header(exact ? "X-Total-Count" : "X-Total-Count-Min", Long.toString(total));
        List<String> links = new ArrayList<>();
        String path = req.path().absolute().rawPath();
        if (page.offset() + page.limit() < total) {
            links.add(link(path, page.page() + 1, page.limit(), filters, "next"));
        }
        if (page.page() > 1) {
            links.add(link(path, page.page() - 1, page.limit(), filters, "prev"));
        }
        if (!links.isEmpty()) {
            res.header("Link", String.join(", ", links));
        }
    }

    private static String link(String path, int target, int limit, Map<String, String> filters, String rel) {
        Map<String, String> params = new LinkedHashMap<>();
        filters.forEach((k, v) -> {
            if (v != null) {
                params.put(k, v);
            }
        });
        params.put("page", Integer.toString(target));
        params.put("limit", Integer.toString(limit));
        StringBuilder uri = new StringBuilder(path).append('?');
        params.forEach((k, v) -> uri.append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        uri.setLength(uri.length() - 1);
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }
}
