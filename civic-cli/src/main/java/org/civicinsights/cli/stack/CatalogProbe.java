package org.civicinsights.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.civicinsights.common.config.CatalogTokenEndpoint;

/**
 * The REST catalog's OAuth2 as a client sees it: a token for client credentials, and requests with
 * or without one. The stack's health probe of a secured catalog, and what the CLI uses to reach it.
 */
public final class CatalogProbe {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogProbe() {}

    /** The token endpoint of a catalog at this URI. */
    public static String tokenUri(String catalogUri) {
        return catalogUri.replaceAll("/+$", "") + CatalogTokenEndpoint.PATH;
    }

    /** A token for these credentials ({@code client_id:secret}) by the client credentials grant; empty if refused. */
    public static Optional<String> token(String catalogUri, String credential) {
        int colon = credential.indexOf(':');
        Map<String, String> form = Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                colon < 0 ? "" : credential.substring(0, colon),
                "client_secret",
                credential.substring(colon + 1),
                "scope",
                "catalog");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tokenUri(catalogUri)))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode token = JSON.readTree(r.body()).get("access_token");
            return token == null || !token.isTextual() ? Optional.empty() : Optional.of(token.asText());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The HTTP status of a GET of this catalog path, with this bearer token (null: none); -1 if no answer. */
    public static int status(String catalogUri, String path, String token) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(catalogUri.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(5))
                .GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * A gated catalog that works: it turns a request without a token away (401; an ungated catalog
     * left running from an unsecured start would not) and serves one with the token these
     * credentials get.
     */
    public static boolean gatedAndServing(String catalogUri, String credential) {
        return status(catalogUri, "/v1/config", null) == 401
                && token(catalogUri, credential)
                        .map(t -> status(catalogUri, "/v1/config", t) == 200)
                        .orElse(false);
    }
}
