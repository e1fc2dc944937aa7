package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional HTTPS listener, with a self-signed certificate made by the JDK's keytool. */
class CollectorTlsTest {
    private static final String PASSWORD = "test-keystore-pw";

    private static Path keystore(Path dir) throws Exception {
        Path ks = dir.resolve("collector.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "collector",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return ks;
    }

    /** A client that trusts exactly the collector's self-signed certificate. */
    private static HttpClient.Builder trusting(Path ks) throws Exception {
        KeyStore trust = KeyStore.getInstance(ks.toFile(), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder().sslContext(ctx);
    }

    @Test
    void servesHttpsWithTheKeystoreAndStillAuthenticates(@TempDir Path dir) throws Exception {
        Path ks = keystore(dir);
        NewClient.Entry portal = NewClient.create("portal", null, new SecureRandom());
        Path clients = dir.resolve("clients.txt");
        Files.writeString(clients, portal.line() + "\n");
        // Kafka is not needed to see the listener: with no broker, /health answers 503 over TLS
        try (EventCollector c = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap", "127.0.0.1:1",
                "collector.port", "0",
                "collector.ack-timeout-ms", "1000",
                "collector.shutdown-timeout-ms", "1000",
                "collector.clients-file", clients.toString(),
                "collector.tls.keystore", ks.toString(),
                "collector.tls.keystore-password", PASSWORD)))) {
            Http https = new Http("https://127.0.0.1:" + c.port(), trusting(ks), null);

            assertThat(https.get("/health").statusCode()).isIn(200, 503);
            assertThat(https.post(Events.valid()).statusCode()).isEqualTo(401);
            assertThat(https.withToken(portal.token()).post(Events.valid()).statusCode())
                    .as("authenticated; Kafka is down, so 503")
                    .isEqualTo(503);
            // plain HTTP on the TLS port does not get an answer
            assertThatThrownBy(() -> new Http(c.port()).get("/health")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void aWrongPasswordOrMissingKeystoreStopsTheStart(@TempDir Path dir) throws Exception {
        Path ks = keystore(dir);
        assertThatThrownBy(() -> EventCollector.start(CollectorSettings.of(Map.of(
                        "collector.port",
                        "0",
                        "collector.tls.keystore",
                        ks.toString(),
                        "collector.tls.keystore-password",
                        "wrong"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use the TLS keystore " + ks)
                .hasMessageNotContaining("wrong");
        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> EventCollector.start(CollectorSettings.of(Map.of(
                        "collector.port",
                        "0",
                        "collector.tls.keystore",
                        missing.toString(),
                        "collector.tls.keystore-password",
                        PASSWORD))))
                .hasMessageContaining(missing + " (collector.tls.keystore) does not exist");
    }
}
