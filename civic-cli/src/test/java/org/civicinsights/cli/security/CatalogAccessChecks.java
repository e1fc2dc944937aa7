package org.civicinsights.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.civicinsights.cli.stack.CatalogProbe;
import org.civicinsights.common.config.CivicConfig;

/**
 * What a secured stack's Iceberg REST catalog must do, checked from outside over HTTP: turn away
 * requests without a valid token (401, the REST specification's error model), refuse tokens to
 * wrong credentials, serve a client with good ones, and never let a catalog secret or token into
 * a log or a command line. Used by the integration tests that run a secured stack.
 */
public final class CatalogAccessChecks {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private CatalogAccessChecks() {}

    /**
     * No token, a malformed one, a forged one, or a token asked for with wrong credentials: all
     * refused; and the catalog's secret files are the owner's only.
     */
    public static void assertRefusals(CivicConfig client, Path dataDir) throws Exception {
        Path secrets = dataDir.resolve("secrets");
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> files = Files.list(secrets)) {
            List<Path> catalogFiles = files.filter(
                            p -> p.getFileName().toString().startsWith("catalog-"))
                    .toList();
            assertThat(catalogFiles).as("the catalog's secret files").hasSizeGreaterThanOrEqualTo(10);
            for (Path f : catalogFiles) {
                assertThat(Files.getPosixFilePermissions(f))
                        .as(f.toString())
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }
        String uri = client.get(CivicConfig.CATALOG_URI);
        for (String path : List.of("/v1/config", "/v1/namespaces", "/v1/namespaces/raw/tables")) {
            assertNotAuthorized(get(uri, path, null), path + " without a token");
        }
        assertNotAuthorized(get(uri, "/v1/namespaces", "Bearer not-a-token"), "a malformed token");
        String credential = credential(client);
        String clientId = credential.substring(0, credential.indexOf(':'));
        // a real token's header and claims, signed with another key: only the signature is wrong
        String real = CatalogProbe.token(uri, credential).orElseThrow();
        assertThat(get(uri, "/v1/namespaces", "Bearer " + real).statusCode()).isEqualTo(200);
        assertNotAuthorized(get(uri, "/v1/namespaces", "Bearer " + resigned(real)), "a re-signed token");
        assertNotAuthorized(get(uri, "/v1/namespaces", "Bearer " + forgedToken("civic-cli")), "a forged token");
        // the client's own secret as HTTP Basic is no bearer token
        assertNotAuthorized(
                get(uri, "/v1/namespaces", "Basic " + Base64.getEncoder().encodeToString(credential.getBytes())),
                "Basic credentials instead of a token");

        assertInvalidClient(tokenRequest(uri, clientId, "wrong-" + credential.substring(clientId.length() + 1)));
        assertInvalidClient(tokenRequest(uri, "civic-nobody", credential.substring(clientId.length() + 1)));
        assertInvalidClient(tokenRequest(uri, clientId, null));
        assertThat(CatalogProbe.token(uri, clientId + ":wrong")).isEmpty();
    }

    /** The client's configured credentials (catalog.credential-file) get a token that reads the catalog. */
    public static void assertGoodClientWorks(CivicConfig client) throws Exception {
        String uri = client.get(CivicConfig.CATALOG_URI);
        String token = CatalogProbe.token(uri, credential(client)).orElseThrow();
        assertThat(get(uri, "/v1/config", "Bearer " + token).statusCode()).isEqualTo(200);
        HttpResponse<String> namespaces = get(uri, "/v1/namespaces", "Bearer " + token);
        assertThat(namespaces.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(namespaces.body())
                .get("namespaces")
                .forEach(ns -> names.add(ns.get(0).asText()));
        assertThat(names).as("the lake's namespaces, made through Trino").contains("raw");
    }

    /**
     * No catalog secret (a client's secret, the token signing key) and no access token appears in a
     * log under the data directory or on a command line. The secrets are among those {@link
     * SecretLeakChecks#assertNoLeaks} looks for; a token is in no file, so this looks for what every
     * token of the catalog begins with, its header.
     */
    public static void assertNoCatalogSecretLeaked(CivicConfig client, Path dataDir) throws IOException {
        String credential = credential(client);
        assertThat(SecretLeakChecks.secrets(dataDir))
                .as("the catalog's secrets, looked for by SecretLeakChecks")
                .contains(credential.substring(credential.indexOf(':') + 1));
        String token = CatalogProbe.token(client.get(CivicConfig.CATALOG_URI), credential)
                .orElseThrow();
        SecretLeakChecks.assertNowhere(dataDir, List.of(token.substring(0, token.indexOf('.') + 1)));
    }

    /** What the stack wrote for its clients: the credential file's {@code client_id:secret}. */
    static String credential(CivicConfig client) {
        try {
            return Files.readString(Path.of(client.get("catalog.credential-file")))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNotAuthorized(HttpResponse<String> r, String what) throws IOException {
        assertThat(r.statusCode()).as(what).isEqualTo(401);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error).as(what + ": Iceberg's error model").isNotNull();
        assertThat(error.get("code").asInt()).as(what).isEqualTo(401);
        assertThat(error.get("type").asText()).as(what).isEqualTo("NotAuthorizedException");
    }

    private static void assertInvalidClient(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    private static HttpResponse<String> get(String uri, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(uri + path)).GET();
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> tokenRequest(String uri, String clientId, String secret)
            throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&scope=catalog&client_id=" + clientId
                + (secret == null ? "" : "&client_secret=" + secret);
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(CatalogProbe.tokenUri(uri)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The token's header and claims unchanged, signed with a random key of our own. */
    static String resigned(String token) throws Exception {
        return signedWithAKeyOfOurOwn(token.substring(0, token.lastIndexOf('.')));
    }

    /** A token shaped like the catalog's (HS256, at+jwt, same claims) but signed with a key of our own. */
    static String forgedToken(String clientId) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\"}";
        String claims = "{\"iss\":\"civic-catalog\",\"aud\":\"iceberg-rest-catalog\",\"sub\":\"" + clientId
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"jti\":\"forged\",\"cv\":\"x\"}";
        return signedWithAKeyOfOurOwn(B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code header.claims} with an HS256 signature under a random key: what no catalog accepts. */
    private static String signedWithAKeyOfOurOwn(String signingInput) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return signingInput + "." + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }
}
