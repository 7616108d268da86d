package com.flownurture.common;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers a key holder may add to the calls the server makes for them (the workflow WEBHOOK step). Names must be
 * HTTP tokens and values printable ASCII, so nothing can split a header or the request; and the headers that frame
 * or route the request ({@code Host}, {@code Content-Length}, {@code Transfer-Encoding}, the hop-by-hop ones,
 * {@code Proxy-*}) or that carry our own signature ({@code X-FlowNurture-*}) are the server's alone: a step that set
 * them could smuggle a second request past a proxy, reach another virtual host, or pass off a forged signature.
 * Checked when a step is saved, and again when it is sent, for steps stored before the rule. Stateless.
 */
public final class WebhookHeaders {

    /** The most headers a step may set. */
    public static final int MAX_HEADERS = 20;
    /** The longest header value. */
    public static final int MAX_VALUE = 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    /** Printable ASCII, space and tab: no CR, LF or other control character, nothing the wire cannot carry. */
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7e\\t]*");
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "te", "upgrade", "expect", "trailer");
    private static final String[] RESERVED_PREFIXES = {"proxy-", "x-flownurture-"};

    private WebhookHeaders() {
    }

    /** Whether a name is an HTTP token of at most 64 characters. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    /** Whether a name is the server's to set (case-insensitive). */
    public static boolean reserved(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower)) {
            return true;
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a value is at most {@link #MAX_VALUE} printable ASCII characters. */
    public static boolean validValue(String value) {
        return value.length() <= MAX_VALUE && VALUE.matcher(value).matches();
    }

    /**
     * Checks headers a client wants saved.
     *
     * @param field the field's name for the error message ({@code steps[0].headers})
     * @throws InvalidInputException naming the first header that breaks a rule
     */
    public static void require(Map<String, ?> headers, String field) {
        if (headers.size() > MAX_HEADERS) {
            throw new InvalidInputException(field + " must hold at most " + MAX_HEADERS + " headers");
        }
        for (Map.Entry<String, ?> header : headers.entrySet()) {
            String name = header.getKey();
            if (!validName(name)) {
                // Not repeated: it may hold line breaks.
                throw new InvalidInputException(field + " has an invalid header name");
            }
            if (reserved(name)) {
                throw new InvalidInputException(field + " must not set " + name
                        + ": Host, Content-Length, Transfer-Encoding, Connection, Keep-Alive, TE, Upgrade, Expect,"
                        + " Trailer, Proxy-* and X-FlowNurture-* are set by the server");
            }
            if (!(header.getValue() instanceof String value) || !validValue(value)) {
                throw new InvalidInputException(field + "." + name + " must be a string of at most " + MAX_VALUE
                        + " printable ASCII characters");
            }
        }
    }

    /** The headers that may be sent, in their order: those a step stored before the rules had set are dropped. */
    public static Map<String, String> sendable(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (validName(name) && !reserved(name) && value != null && validValue(value)) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
