package org.civicinsights.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;

/** JSON answers; error bodies are {@code {"error":"...","request_id":"..."}}. */
final class Responses {
    static final HttpString REQUEST_ID = new HttpString("X-Request-Id");
    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {}

    static void json(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        ex.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    static void error(HttpServerExchange ex, int status, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error", message);
        String requestId = ex.getResponseHeaders().getFirst(REQUEST_ID);
        if (requestId != null) {
            n.put("request_id", requestId);
        }
        json(ex, status, n.toString());
    }

    /** 503 with {@code Retry-After}. */
    static void unavailable(HttpServerExchange ex, String message, int retryAfterSeconds) {
        ex.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
        error(ex, 503, message);
    }

    /** 401 with a Bearer challenge (RFC 6750); {@code invalidToken} when a token was sent but is not known. */
    static void unauthorized(HttpServerExchange ex, String message, boolean invalidToken) {
        ex.getResponseHeaders()
                .put(
                        Headers.WWW_AUTHENTICATE,
                        "Bearer realm=\"civic-collector\"" + (invalidToken ? ", error=\"invalid_token\"" : ""));
        error(ex, 401, message);
    }

    /** 429 with {@code Retry-After}. */
    static void tooManyRequests(HttpServerExchange ex, String message, long retryAfterSeconds) {
        ex.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
        error(ex, 429, message);
    }

    static void methodNotAllowed(HttpServerExchange ex, String allowed) {
        ex.getResponseHeaders().put(Headers.ALLOW, allowed);
        error(
                ex,
                405,
                "method " + ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath() + "; use " + allowed);
    }
}
