package org.civicinsights.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretLeakChecksTest {
    @TempDir
    Path dataDir;

    @Test
    void findsTheSecretsOfPasswordKeyAndPropertiesFilesButNotCertificates() throws Exception {
        Path secrets = Files.createDirectories(dataDir.resolve("secrets/tls"));
        Files.writeString(dataDir.resolve("secrets/trino-analyst.password"), "Zm9vYmFyYmF6cXV4cXV1eA");
        Files.writeString(dataDir.resolve("secrets/catalog-batch.credential"), "batch:c2VjcmV0LXNlY3JldC1zZWNyZXQ\n");
        Files.writeString(
                dataDir.resolve("secrets/s3.properties"),
                "access-key-id=CIVICABCDEFGHIJKLMNO\nsecret-access-key=abcdefghijklmnopqrstuvwxyz0123456789ABCD\n");
        Files.writeString(secrets.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assertThat(SecretLeakChecks.secrets(dataDir))
                .containsExactlyInAnyOrder(
                        "Zm9vYmFyYmF6cXV4cXV1eA",
                        "batch:c2VjcmV0LXNlY3JldC1zZWNyZXQ",
                        "c2VjcmV0LXNlY3JldC1zZWNyZXQ",
                        "abcdefghijklmnopqrstuvwxyz0123456789ABCD");
    }

    @Test
    void aSecretInALogOrAnOutputFailsTheCheckAndCleanOnesPass() throws Exception {
        Files.createDirectories(dataDir.resolve("secrets"));
        Files.writeString(dataDir.resolve("secrets/kafka-ingest.password"), "c2VjcmV0LXNlY3JldC1zZWNyZXQ");
        Path log = Files.createDirectories(dataDir.resolve("logs")).resolve("kafka.log");
        Files.writeString(log, "started\n");
        SecretLeakChecks.assertNoLeaks(dataDir, "stack up: ready");
        assertThatThrownBy(() -> SecretLeakChecks.assertNoLeaks(dataDir, "password c2VjcmV0LXNlY3JldC1zZWNyZXQ"))
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining("c2VjcmV0LXNlY3JldC1zZWNyZXQ");
        Files.writeString(log, "jaas password=\"c2VjcmV0LXNlY3JldC1zZWNyZXQ\"\n");
        assertThatThrownBy(() -> SecretLeakChecks.assertNoLeaks(dataDir)).isInstanceOf(AssertionError.class);
        assertThat(SecretLeakChecks.logFiles(dataDir)).containsExactly(log);
    }

    @Test
    void aValueKeptInNoFileIsLookedForInTheLogsToo() throws Exception {
        Path log = Files.createDirectories(dataDir.resolve("logs")).resolve("catalog.log");
        Files.writeString(log, "GET /v1/config 200\n");
        String tokenHeader = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJIUzI1NiJ9.";
        SecretLeakChecks.assertNowhere(dataDir, List.of(tokenHeader));
        Files.writeString(log, "Authorization: Bearer " + tokenHeader + "eyJzdWIiOiJjaXZpYy1jbGkifQ.c2ln\n");
        assertThatThrownBy(() -> SecretLeakChecks.assertNowhere(dataDir, List.of(tokenHeader)))
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining(tokenHeader);
    }
}
