package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated CA and server certificate, checked by a real TLS handshake with hostname verification. */
class StackCertificatesTest {
    @TempDir
    static Path dataDir;

    static StackLayout layout;
    static StackSecrets secrets;
    static StackCertificates certificates;

    @BeforeAll
    static void generate() {
        layout = new StackLayout(dataDir, dataDir.resolve("civic"), dataDir.resolve("cache"));
        secrets = StackSecrets.of(layout);
        certificates = StackCertificates.ensure(layout, secrets);
    }

    @Test
    void theServerCertificateIsSignedByTheLocalCaForLocalhost() throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(certificates.caPem())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.serverKeystore())) {
            server.load(in, certificates.serverKeystorePassword().toCharArray());
        }
        assertThat(server.size()).as("only the server's key entry").isEqualTo(1);
        X509Certificate leaf = (X509Certificate) server.getCertificate("server");
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames().stream()
                        .map(san -> String.valueOf(san.get(1)))
                        .toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
        assertThat(ca.getBasicConstraints()).as("the CA may sign").isGreaterThanOrEqualTo(0);
        assertThat(leaf.getBasicConstraints())
                .as("the server certificate may not")
                .isEqualTo(-1);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.truststore())) {
            trust.load(in, certificates.truststorePassword().toCharArray());
        }
        assertThat(trust.getCertificate("ca")).isEqualTo(ca);
    }

    @Test
    void aClientTrustingOnlyTheCaCompletesAHandshakeWithHostnameVerification() throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.serverKeystore())) {
            server.load(in, certificates.serverKeystorePassword().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(server, certificates.serverKeystorePassword().toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.truststore())) {
            trust.load(in, certificates.truststorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> hosts = List.of("localhost", "127.0.0.1");
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                int echoed = 0;
                for (int i = 0; i < hosts.size(); i++) {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                        int b = s.getInputStream().read();
                        s.getOutputStream().write(b + 1);
                        s.getOutputStream().flush();
                        echoed++;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return echoed;
            });
            for (String host : hosts) {
                try (SSLSocket client =
                        (SSLSocket) clientContext.getSocketFactory().createSocket(host, listener.getLocalPort())) {
                    client.setSoTimeout(30_000);
                    SSLParameters p = client.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS"); // checks the name against the certificate
                    client.setSSLParameters(p);
                    client.startHandshake();
                    assertThat(client.getSession().getPeerPrincipal().getName()).contains("CN=localhost");
                    OutputStream out = client.getOutputStream();
                    out.write(41);
                    out.flush();
                    assertThat(client.getInputStream().read()).as(host).isEqualTo(42);
                }
            }
            assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo(hosts.size());
        }
    }

    @Test
    void everyFileIsPrivateAndASecondEnsureKeepsTheSameCertificates() throws Exception {
        byte[] before = Files.readAllBytes(certificates.caPem());
        StackCertificates again = StackCertificates.ensure(layout, secrets);
        assertThat(Files.readAllBytes(again.caPem())).isEqualTo(before);
        for (Path f : secrets.all()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .as(f.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(secrets.all())
                .extracting(f -> f.getFileName().toString())
                .contains("ca.pem", "server.p12", "truststore.p12", "tls-server.password", "tls-ca.password");
    }
}
