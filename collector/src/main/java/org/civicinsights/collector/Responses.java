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

    private Responses() {
    }

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

    static void methodNotAllowed(HttpServerExchange ex, String allowed) {
        ex.getResponseHeaders().put(Headers.ALLOW, allowed);
        error(ex, 405, "method " + ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()
                + "; use " + allowed);
    }
}
