package org.civicinsights.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.civicinsights.common.testing.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenGrantsTest {
    static final String INGEST_SECRET = "ingest-secret-ingest-secret";
    static final String CLI_SECRET = "cli-secret-cli-secret";

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
    Path clientsFile;
    TokenGrants grants;

    @BeforeEach
    void setUp() throws IOException {
        clientsFile = dir.resolve("catalog-clients.properties");
        writeClients(Map.of("civic-ingest", INGEST_SECRET, "civic-cli", CLI_SECRET));
        grants = new TokenGrants(
                new ClientRegistry(clientsFile),
                new AccessTokens(AccessTokensTest.KEY, "civic-catalog", Duration.ofHours(1), clock));
    }

    private void writeClients(Map<String, String> secrets) throws IOException {
        Map<String, String> stored =
                Files.exists(clientsFile) ? ClientsFile.parse(Files.readString(clientsFile)) : Map.of();
        FileTime before = Files.exists(clientsFile) ? Files.getLastModifiedTime(clientsFile) : null;
        Files.writeString(clientsFile, ClientsFile.render(ClientsFile.update(stored, secrets)));
        if (before != null) { // a change within the file system's time resolution must still be seen
            Files.setLastModifiedTime(clientsFile, FileTime.fromMillis(before.toMillis() + 1000));
        }
    }

    private String readClients() {
        try {
            return Files.readString(clientsFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> clientCredentials(String id, String secret) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "client_credentials", "scope", "catalog"));
        if (id != null) {
            form.put("client_id", id);
        }
        if (secret != null) {
            form.put("client_secret", secret);
        }
        return form;
    }

    private static Map<String, String> exchange(String subjectToken) {
        return Map.of(
                "grant_type",
                TokenGrants.TOKEN_EXCHANGE,
                "scope",
                "catalog",
                "subject_token",
                subjectToken,
                "subject_token_type",
                TokenGrants.ACCESS_TOKEN_TYPE);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String tokenOf(TokenGrants.Outcome o) {
        assertThat(o).isInstanceOf(TokenGrants.Granted.class);
        return ((TokenGrants.Granted) o).token().value();
    }

    private static void assertRefused(TokenGrants.Outcome o, int status, String error) {
        assertThat(o).isInstanceOf(TokenGrants.Refused.class);
        TokenGrants.Refused r = (TokenGrants.Refused) o;
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.error()).isEqualTo(error);
    }

    @Test
    void aClientGetsATokenWithItsSecretInTheFormOrInBasicAuth() {
        String token = tokenOf(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null));
        assertThat(grants.bearer().client("Bearer " + token)).contains("civic-ingest");

        String viaBasic =
                tokenOf(grants.grant(Map.of("grant_type", "client_credentials"), basic("civic-cli", CLI_SECRET)));
        assertThat(grants.bearer().client("bearer " + viaBasic)).contains("civic-cli");
    }

    @Test
    void aWrongSecretAnUnknownClientOrMissingCredentialsAreInvalidClients() {
        assertRefused(grants.grant(clientCredentials("civic-ingest", CLI_SECRET), null), 401, "invalid_client");
        assertRefused(grants.grant(clientCredentials("civic-spark", INGEST_SECRET), null), 401, "invalid_client");
        assertRefused(grants.grant(clientCredentials("civic-ingest", null), null), 401, "invalid_client");
        assertRefused(grants.grant(clientCredentials(null, INGEST_SECRET), null), 401, "invalid_client");
        assertRefused(
                grants.grant(Map.of("grant_type", "client_credentials"), basic("civic-cli", "wrong")),
                401,
                "invalid_client");
    }

    @Test
    void malformedRequestsAreBadRequests() {
        assertRefused(grants.grant(Map.of(), null), 400, "invalid_request");
        assertRefused(grants.grant(Map.of("grant_type", "password"), null), 400, "unsupported_grant_type");
        Map<String, String> otherScope = clientCredentials("civic-ingest", INGEST_SECRET);
        otherScope.put("scope", "catalog PRINCIPAL_ROLE:ALL");
        assertRefused(grants.grant(otherScope, null), 400, "invalid_scope");
        assertRefused(
                grants.grant(Map.of("grant_type", TokenGrants.TOKEN_EXCHANGE, "subject_token_type", "x"), null),
                400,
                "invalid_request");
    }

    @Test
    void aValidTokenIsRefreshedByTokenExchangeBeforeItExpires() {
        String token = tokenOf(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null));
        clock.advance(Duration.ofMinutes(54)); // when Iceberg's client refreshes a one-hour token
        String refreshed = tokenOf(grants.grant(exchange(token), "Bearer " + token));
        assertThat(refreshed).isNotEqualTo(token);

        clock.advance(Duration.ofMinutes(30)); // the first has expired, the new one has not
        assertThat(grants.bearer().client("Bearer " + token)).isEmpty();
        assertThat(grants.bearer().client("Bearer " + refreshed)).contains("civic-ingest");
    }

    @Test
    void anExpiredTokenIsRenewedOnlyByItsOwnClientsCredentials() {
        String token = tokenOf(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null));
        clock.advance(Duration.ofHours(2));

        assertRefused(grants.grant(exchange(token), "Bearer " + token), 401, "invalid_client");
        assertRefused(grants.grant(exchange(token), null), 401, "invalid_client");
        assertRefused(grants.grant(exchange(token), basic("civic-ingest", "wrong")), 401, "invalid_client");
        assertRefused(grants.grant(exchange(token), basic("civic-cli", CLI_SECRET)), 400, "invalid_grant");

        String renewed = tokenOf(grants.grant(exchange(token), basic("civic-ingest", INGEST_SECRET)));
        assertThat(grants.bearer().client("Bearer " + renewed)).contains("civic-ingest");
    }

    @Test
    void onlyThisCatalogsTokensAreExchangedWithoutTheClientsCredentials() {
        String foreign = new AccessTokens(
                        "another-key-another-key-another-key-12345".getBytes(StandardCharsets.UTF_8),
                        "civic-catalog",
                        Duration.ofHours(1),
                        clock)
                .issue("civic-ingest", "v1", "catalog")
                .value();
        assertRefused(grants.grant(exchange(foreign), "Bearer " + foreign), 400, "invalid_grant");
        assertRefused(grants.grant(exchange(foreign), null), 400, "invalid_grant");
        // a client's token of a replaced signing key: its credentials still get it a new token
        String renewed = tokenOf(grants.grant(exchange(foreign), basic("civic-ingest", INGEST_SECRET)));
        assertThat(grants.bearer().client("Bearer " + renewed)).contains("civic-ingest");

        // a client's valid token does not refresh another client's
        String ingest = tokenOf(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null));
        String cli = tokenOf(grants.grant(clientCredentials("civic-cli", CLI_SECRET), null));
        assertRefused(grants.grant(exchange(ingest), "Bearer " + cli), 400, "invalid_grant");
    }

    @Test
    void rotatingOrRemovingAClientEndsItsTokensAtOnce() throws IOException {
        String ingest = tokenOf(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null));
        String cli = tokenOf(grants.grant(clientCredentials("civic-cli", CLI_SECRET), null));

        writeClients(Map.of("civic-ingest", "the-new-ingest-secret", "civic-cli", CLI_SECRET));

        assertThat(grants.bearer().client("Bearer " + ingest)).isEmpty();
        assertRefused(grants.grant(exchange(ingest), "Bearer " + ingest), 401, "invalid_client");
        assertRefused(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null), 401, "invalid_client");
        assertThat(grants.bearer().client("Bearer " + cli)).contains("civic-cli"); // the others keep theirs
        tokenOf(grants.grant(clientCredentials("civic-ingest", "the-new-ingest-secret"), null));

        Files.writeString(clientsFile, "# nobody\n");
        Files.setLastModifiedTime(
                clientsFile,
                FileTime.fromMillis(Files.getLastModifiedTime(clientsFile).toMillis() + 5000));
        assertThat(grants.bearer().client("Bearer " + cli)).isEmpty();
    }

    @Test
    void aClientAskingAgainAndAgainIsCheckedQuicklyAndStillExactly() {
        for (int i = 0; i < 2; i++) { // the first time through PBKDF2, then from memory
            tokenOf(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null));
        }
        String hash = ClientsFile.parse(readClients()).get("civic-ingest");
        long p0 = System.nanoTime();
        assertThat(ClientSecretHash.matches(INGEST_SECRET, hash)).isTrue();
        long onePbkdf2 = System.nanoTime() - p0;

        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            tokenOf(grants.grant(clientCredentials("civic-ingest", INGEST_SECRET), null));
            assertRefused(
                    grants.grant(clientCredentials("civic-ingest", INGEST_SECRET + "x"), null), 401, "invalid_client");
        }
        // 200 requests in the time of a few PBKDF2 checks, not of 200
        assertThat(System.nanoTime() - t0).isLessThan(20 * onePbkdf2);
        assertRefused(grants.grant(clientCredentials("civic-ingest", CLI_SECRET), null), 401, "invalid_client");
    }

    @Test
    void anUnreadableClientsFileAcceptsNobody() throws IOException {
        String cli = tokenOf(grants.grant(clientCredentials("civic-cli", CLI_SECRET), null));
        Files.writeString(clientsFile, "civic-cli:" + CLI_SECRET + "\n");
        Files.setLastModifiedTime(
                clientsFile,
                FileTime.fromMillis(Files.getLastModifiedTime(clientsFile).toMillis() + 5000));
        assertThat(grants.bearer().client("Bearer " + cli)).isEmpty();
        assertRefused(grants.grant(clientCredentials("civic-cli", CLI_SECRET), null), 401, "invalid_client");
    }

    @Test
    void onlyBearerAuthorizationCarriesAToken() {
        String token = tokenOf(grants.grant(clientCredentials("civic-cli", CLI_SECRET), null));
        assertThat(BearerCheck.bearerToken("Bearer " + token)).contains(token);
        assertThat(BearerCheck.bearerToken("BEARER  " + token + " ")).contains(token);
        assertThat(BearerCheck.bearerToken(token)).isEmpty();
        assertThat(BearerCheck.bearerToken("Bearer ")).isEmpty();
        assertThat(BearerCheck.bearerToken(null)).isEmpty();
        assertThat(grants.bearer().client(basic("civic-cli", CLI_SECRET))).isEmpty();
    }
}
