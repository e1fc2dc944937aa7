package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trino's security configuration for {@code stack.security=on}, as text: HTTPS on the stack's port
 * (plain HTTP off, internal traffic over the same HTTPS with our certificate), password logins
 * from a file of PBKDF2 hashes, one group per {@link TrinoRole} from a group file, and the
 * file-based access control rules shipped in this jar. Pure; {@link TrinoServer} writes the files.
 */
public final class TrinoSecurity {
    /** Variables config.properties reads the secrets from (${ENV:...}): no secret in Trino's files. */
    static final String SHARED_SECRET_ENV = "TRINO_SHARED_SECRET";

    static final String KEYSTORE_PASSWORD_ENV = "TRINO_KEYSTORE_PASSWORD";
    static final String TRUSTSTORE_PASSWORD_ENV = "TRINO_TRUSTSTORE_PASSWORD";

    /** The access control rules: one file, in the repository and in this jar; docs/security.md explains it. */
    public static final String RULES_RESOURCE = "/security/trino-rules.json";

    /** The secret Trino's nodes sign their internal requests with (StackSecrets name). */
    public static final String SHARED_SECRET_NAME = "trino-shared-secret";

    private TrinoSecurity() {}

    /** Where the files go: Trino's etc directory. */
    record EtcFiles(Path etc) {
        Path passwordFile() {
            return etc.resolve("password.db");
        }

        Path groupFile() {
            return etc.resolve("group.txt");
        }

        Path rules() {
            return etc.resolve("rules.json");
        }

        Path passwordAuthenticator() {
            return etc.resolve("password-authenticator.properties");
        }

        /** Trino reads it from etc/ under its working directory only (GroupProviderManager). */
        Path groupProvider() {
            return etc.resolve("group-provider.properties");
        }

        Path accessControl() {
            return etc.resolve("access-control.properties");
        }
    }

    /**
     * The config.properties lines that replace {@code http-server.http.port} and {@code
     * discovery.uri}: HTTPS only, on 127.0.0.1's certificate. Trino's own calls to itself
     * (discovery, tasks) go over that HTTPS too, trusting our CA and signed with the shared
     * secret, so nothing listens on plain HTTP.
     */
    static List<String> serverConfig(int port, EtcFiles files, Path keystore, Path truststore) {
        return List.of(
                "http-server.http.enabled=false",
                "http-server.https.enabled=true",
                "http-server.https.port=" + port,
                "http-server.https.keystore.path=" + keystore.toAbsolutePath(),
                "http-server.https.keystore.key=${ENV:" + KEYSTORE_PASSWORD_ENV + "}",
                "internal-communication.shared-secret=${ENV:" + SHARED_SECRET_ENV + "}",
                "internal-communication.https.required=true",
                "internal-communication.https.keystore.path=" + keystore.toAbsolutePath(),
                "internal-communication.https.keystore.key=${ENV:" + KEYSTORE_PASSWORD_ENV + "}",
                "internal-communication.https.truststore.path=" + truststore.toAbsolutePath(),
                "internal-communication.https.truststore.key=${ENV:" + TRUSTSTORE_PASSWORD_ENV + "}",
                // the certificate names 127.0.0.1: the node announces itself there, not on the host's address
                "node.internal-address=127.0.0.1",
                "discovery.uri=https://127.0.0.1:" + port,
                "http-server.authentication.type=PASSWORD",
                "password-authenticator.config-files="
                        + files.passwordAuthenticator().toAbsolutePath(),
                "access-control.config-files=" + files.accessControl().toAbsolutePath());
    }

    /** The other files' contents, by path. */
    static Map<Path, String> files(EtcFiles files, String passwordLines, String groupLines) {
        Map<Path, String> m = new LinkedHashMap<>();
        m.put(files.passwordFile(), passwordLines);
        m.put(files.groupFile(), groupLines);
        m.put(files.rules(), rules());
        m.put(
                files.passwordAuthenticator(),
                "password-authenticator.name=file\n" + "file.password-file="
                        + files.passwordFile().toAbsolutePath() + "\n");
        m.put(
                files.groupProvider(),
                "group-provider.name=file\n" + "file.group-file="
                        + files.groupFile().toAbsolutePath() + "\n");
        m.put(
                files.accessControl(),
                "access-control.name=file\n"
                        + "security.config-file=" + files.rules().toAbsolutePath() + "\n"
                        // edits of the rules apply within a minute, without a restart
                        + "security.refresh-period=1m\n");
        return m;
    }

    /** The local stack's group file: each role's user (named like it) in its group. */
    static String groupFile() {
        StringBuilder sb =
                new StringBuilder("# group:users (Trino's file group provider); written by `civic stack up`\n");
        for (TrinoRole r : TrinoRole.values()) {
            sb.append(r.group()).append(':').append(r.group()).append('\n');
        }
        return sb.toString();
    }

    /** The password file: one PBKDF2 line per user, from each user's password. */
    static String passwordFile(Map<String, String> passwordsByUser, SecureRandom random) {
        List<String> lines = new ArrayList<>();
        passwordsByUser.forEach((user, password) -> lines.add(TrinoPasswordHash.line(user, password, random)));
        return String.join("\n", lines) + "\n";
    }

    /** The bundled rules file. */
    public static String rules() {
        try (InputStream in = TrinoSecurity.class.getResourceAsStream(RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RULES_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
