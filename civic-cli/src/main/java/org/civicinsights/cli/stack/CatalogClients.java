package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.civicinsights.catalog.auth.ClientsFile;
import org.civicinsights.common.io.PrivateFiles;

/**
 * The OAuth2 clients of the secured stack's Iceberg REST catalog, one per kind of client, and the
 * files under secrets/ that hold them: each client's credentials ({@code client_id:secret}, what
 * {@code catalog.credential-file} points at), the catalog's clients file (their hashes) and the
 * key the catalog signs its tokens with. The secrets themselves are the stack's
 * ({@link StackSecrets}: {@code catalog-<kind>.password}).
 */
public final class CatalogClients {
    /** Who talks to the catalog. */
    public enum Kind {
        /** The Flink ingest job. */
        INGEST,
        /** The Spark batch jobs. */
        BATCH,
        /** Trino's lake catalog. */
        TRINO,
        /** The CLI itself (health probe) and clients started by hand with civic.properties. */
        CLI;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String clientId() {
            return "civic-" + key();
        }
    }

    /** The key of the catalog's token signing secret in {@link StackSecrets}. */
    static final String SIGNING_KEY = "catalog-token-signing";

    private final StackLayout layout;
    private final StackSecrets secrets;

    public CatalogClients(StackLayout layout, StackSecrets secrets) {
        this.layout = layout;
        this.secrets = secrets;
    }

    /** {@code secrets/catalog-<kind>.credential}: {@code civic-<kind>:<secret>}. */
    public Path credentialFile(Kind kind) {
        return layout.secretsDir().resolve("catalog-" + kind.key() + ".credential");
    }

    /** The catalog's clients file: client id to the hash of its secret. */
    public Path clientsFile() {
        return layout.secretsDir().resolve("catalog-clients.properties");
    }

    /** The catalog's token signing key (created if missing). */
    public Path signingKeyFile() {
        return secrets.passwordFile(SIGNING_KEY);
    }

    /** This kind's {@code client_id:secret}, as {@link #ensure} last wrote it. */
    public String credential(Kind kind) throws IOException {
        return Files.readString(credentialFile(kind)).strip();
    }

    /**
     * Creates what is missing and follows rotated secrets: each kind's credential file from its
     * secret, the clients file (a client whose hash still matches keeps it, so the tokens in use
     * stay valid), the signing key. Idempotent.
     */
    public synchronized void ensure() throws IOException {
        secrets.ensureDir(layout.secretsDir());
        Map<String, String> byClient = new TreeMap<>();
        for (Kind kind : Kind.values()) {
            String secret = secrets.password("catalog-" + kind.key());
            byClient.put(kind.clientId(), secret);
            String credential = kind.clientId() + ":" + secret;
            Path file = credentialFile(kind);
            if (!Files.exists(file) || !Files.readString(file).strip().equals(credential)) {
                PrivateFiles.write(file, credential + "\n");
            }
        }
        Path clients = clientsFile();
        Map<String, String> stored = Files.exists(clients) ? ClientsFile.parse(Files.readString(clients)) : Map.of();
        Map<String, String> updated = ClientsFile.update(stored, byClient);
        if (!updated.equals(stored)) {
            PrivateFiles.write(clients, ClientsFile.render(updated));
        }
        signingKeyFile();
    }

    /**
     * What civic.properties gets so that its clients authenticate: Iceberg's OAuth2 manager, the
     * token endpoint, and the CLI's credential file (a path: the secret stays under secrets/).
     */
    public Map<String, String> clientSettings(String catalogUri) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("catalog.rest.auth.type", "oauth2");
        m.put("catalog.oauth2-server-uri", CatalogProbe.tokenUri(catalogUri));
        m.put(CREDENTIAL_FILE, credentialFile(Kind.CLI).toString());
        return m;
    }

    static final String CREDENTIAL_FILE = "catalog.credential-file";

    /**
     * The configuration a stack process of this kind runs with: its own credential file in place
     * of the CLI's that `stack up` wrote; a credential file or credential set by the user instead
     * is theirs and stays.
     */
    public Map<String, String> forKind(Map<String, String> config, Kind kind) {
        if (!credentialFile(Kind.CLI).toString().equals(config.get(CREDENTIAL_FILE))) {
            return config;
        }
        Map<String, String> m = new LinkedHashMap<>(config);
        m.put(CREDENTIAL_FILE, credentialFile(kind).toString());
        return m;
    }
}
