package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civicinsights.common.io.FileTrees;

/**
 * The local stack's TLS material, made once per data directory with the JDK's own {@code keytool}
 * (no extra library, and every JDK has it): a local CA, and a server certificate for
 * localhost/127.0.0.1 signed by it, which Kafka and Trino present. Clients trust {@link #caPem()}.
 * Passwords reach keytool through {@code -storepass:file}, never its command line.
 *
 * <p>A city uses its own PKI instead: see docs/security.md.
 */
public final class StackCertificates {
    static final String CA_DNAME = "CN=civic-insights local CA, O=civic-insights";
    static final String SERVER_DNAME = "CN=localhost, O=civic-insights";
    static final int CA_DAYS = 3650;
    static final int SERVER_DAYS = 825;

    private final Path dir;
    private final StackSecrets secrets;

    private StackCertificates(Path dir, StackSecrets secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    /** The stack's certificates, generated first if any is missing. */
    public static synchronized StackCertificates ensure(StackLayout layout, StackSecrets secrets) {
        StackCertificates certificates =
                new StackCertificates(layout.secretsDir().resolve("tls"), secrets);
        if (!certificates.complete()) {
            certificates.generate();
        }
        return certificates;
    }

    /** The local CA's certificate (PEM): what every client trusts. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** PKCS12 with the server's key and chain; its password is {@link #serverKeystorePassword()}. */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public Path serverKeystorePasswordFile() {
        return secrets.passwordFile("tls-server");
    }

    public String serverKeystorePassword() {
        return secrets.password("tls-server");
    }

    /** PKCS12 with the CA's certificate only, for JVM clients that cannot read PEM. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public Path truststorePasswordFile() {
        return secrets.passwordFile("tls-truststore");
    }

    public String truststorePassword() {
        return secrets.password("tls-truststore");
    }

    private boolean complete() {
        return Files.exists(caPem()) && Files.exists(serverKeystore()) && Files.exists(truststore());
    }

    /** Builds everything in a fresh folder, then renames it into place, so a crash leaves no half-made set. */
    private void generate() {
        Path work = dir.resolveSibling(
                dir.getFileName() + ".new-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            FileTrees.delete(work);
            FileTrees.delete(dir); // an incomplete set (a crash, a file deleted to rotate): start again
            secrets.ensureDir(work);
            Path caPassword = secrets.passwordFile("tls-ca");
            Path serverPassword = serverKeystorePasswordFile();
            Path trustPassword = truststorePasswordFile();
            Path ca = work.resolve("ca.p12");
            Path server = work.resolve("server.p12");
            Path pem = work.resolve("ca.pem");
            Path csr = work.resolve("server.csr");
            Path crt = work.resolve("server.crt");
            List<String> caStore = store(ca, caPassword);
            List<String> serverStore = store(server, serverPassword);
            keytool(
                    work,
                    caStore,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "3072",
                    "-dname",
                    CA_DNAME,
                    "-validity",
                    String.valueOf(CA_DAYS),
                    "-ext",
                    "bc:c",
                    "-ext",
                    "KU=keyCertSign,cRLSign");
            keytool(work, caStore, "-exportcert", "-rfc", "-alias", "ca", "-file", pem.toString());
            keytool(
                    work,
                    serverStore,
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    SERVER_DNAME,
                    "-validity",
                    String.valueOf(SERVER_DAYS));
            keytool(work, serverStore, "-certreq", "-alias", "server", "-file", csr.toString());
            keytool(
                    work,
                    caStore,
                    "-gencert",
                    "-alias",
                    "ca",
                    "-infile",
                    csr.toString(),
                    "-outfile",
                    crt.toString(),
                    "-rfc",
                    "-validity",
                    String.valueOf(SERVER_DAYS),
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-ext",
                    "KU=digitalSignature,keyEncipherment",
                    "-ext",
                    "EKU=serverAuth,clientAuth");
            // the chain reply is accepted once its issuer is trusted in the keystore; that entry is dropped after
            keytool(work, serverStore, "-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString());
            keytool(work, serverStore, "-importcert", "-alias", "server", "-file", crt.toString());
            keytool(work, serverStore, "-delete", "-alias", "ca");
            keytool(
                    work,
                    store(work.resolve("truststore.p12"), trustPassword),
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    pem.toString());
            Files.delete(csr);
            try (var made = Files.list(work)) {
                for (Path f : made.toList()) { // keytool honours the umask: 0644
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                }
            }
            try {
                Files.move(work, dir);
            } catch (FileAlreadyExistsException raced) {
                // another command made them first: keep theirs
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the stack's TLS certificates in " + dir, e);
        } finally {
            try {
                FileTrees.delete(work);
            } catch (IOException ignored) {
                // a leftover work folder holds nothing in use; the next generation deletes it
            }
        }
    }

    /** A PKCS12 store and its password file, as keytool options. */
    private static List<String> store(Path keystore, Path passwordFile) {
        return List.of(
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass:file", passwordFile.toString());
    }

    private static void keytool(Path workDir, List<String> store, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(store);
        Process p = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
