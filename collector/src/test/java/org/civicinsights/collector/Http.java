package org.civicinsights.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A java.net.http client for the collector's endpoints; with a token, every request carries it. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final String base;
    private final String token;

    Http(int port) {
        this("http://127.0.0.1:" + port, HttpClient.newBuilder(), null);
    }

    Http(String base, HttpClient.Builder client, String token) {
        this.client = client.version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = base;
        this.token = token;
    }

    /** The same collector, with {@code Authorization: Bearer <token>} on every request. */
    Http withToken(String bearerToken) {
        return new Http(base, this, bearerToken);
    }

    private Http(String base, Http other, String token) {
        this.client = other.client;
        this.base = base;
        this.token = token;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    HttpRequest postRequest(String body) {
        return request("/v1/events")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    HttpResponse<String> post(String body) {
        return send(postRequest(body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return client.sendAsync(postRequest(body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }
}
