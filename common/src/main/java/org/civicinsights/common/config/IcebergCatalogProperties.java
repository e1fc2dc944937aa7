package org.civicinsights.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Iceberg catalog properties of a configuration, as both jobs hand them to their catalog
 * client: every {@code catalog.*} key with the prefix stripped ({@code catalog.uri} becomes
 * {@code uri}, {@code catalog.s3.endpoint} {@code s3.endpoint}), so that a catalog's options
 * (warehouse, credential, token, io-impl, s3.*, ...) need no code change. Not passed: our own
 * {@code catalog.name} and {@code catalog.type}, and blank values (unset).
 *
 * <p>One key is ours: {@code catalog.credential-file} names a file holding the OAuth2 client
 * credentials ({@code client_id:client_secret}). With OAuth2 (Iceberg's default for credentials)
 * the resolved properties keep only that path and name {@link CredentialFileAuthManager} as the
 * REST client's auth manager, which reads the file where the catalog is loaded: Iceberg copies the
 * catalog's properties into every table's FileIO, which Flink serialises into its job graph and
 * Spark broadcasts to executors, so the secret must not be one of them. With another
 * {@code rest.auth.type} the file is read into {@code credential}, as {@code catalog.credential}
 * inline always is (the less safe choice: it travels with the tables).
 */
public final class IcebergCatalogProperties {
    private static final Set<String> OURS = Set.of(CivicConfig.CATALOG_NAME, CivicConfig.CATALOG_TYPE);
    /** Iceberg's OAuth2 client credentials property. */
    public static final String CREDENTIAL = "credential";
    /** The file {@link #CREDENTIAL} is read from (catalog.credential-file). */
    public static final String CREDENTIAL_FILE = "credential-file";
    /** Iceberg's REST client property naming its auth manager (a type or a class name). */
    public static final String AUTH_TYPE = "rest.auth.type";
    /**
     * {@link CredentialFileAuthManager}'s name, spelt out: the class needs Iceberg, which a user of
     * these properties without Iceberg's client (the CLI) does not have.
     */
    public static final String CREDENTIAL_FILE_AUTH = "org.civicinsights.common.config.CredentialFileAuthManager";

    private static final String OAUTH2 = "oauth2";

    private IcebergCatalogProperties() {}

    /**
     * Sorted by property name, {@linkplain #resolve resolved}. May hold secrets (an inline
     * credential, token or S3 key): log it only through {@link CivicConfig#masked}.
     */
    public static Map<String, String> from(CivicConfig config) {
        return resolve(declared(config));
    }

    /**
     * As configured, sorted, not {@linkplain #resolve resolved} yet: for a client that resolves them
     * where it runs (the ingest job's tasks), and for logs.
     */
    public static Map<String, String> declared(CivicConfig config) {
        Map<String, String> props = new TreeMap<>();
        config.asMap().forEach((key, value) -> {
            if (key.startsWith(CivicConfig.CATALOG_PREFIX)
                    && key.length() > CivicConfig.CATALOG_PREFIX.length()
                    && !OURS.contains(key)
                    && !value.isBlank()) {
                props.put(key.substring(CivicConfig.CATALOG_PREFIX.length()), value.strip());
            }
        });
        return props;
    }

    /**
     * The properties as the catalog client gets them. With a {@code credential-file} and OAuth2
     * ({@code rest.auth.type} unset, {@code oauth2} or already ours): the path stays and
     * {@code rest.auth.type} names {@link CredentialFileAuthManager}, the file not read here; with
     * another auth type, {@link #withCredentialRead}. Unchanged without a file. Giving both a
     * credential and a file is an error (the message names the file).
     */
    public static Map<String, String> resolve(Map<String, String> declared) {
        String file = declared.get(CREDENTIAL_FILE);
        if (file == null) {
            return declared;
        }
        requireNotBoth(declared, file);
        String authType = declared.getOrDefault(AUTH_TYPE, OAUTH2);
        if (!authType.equalsIgnoreCase(OAUTH2) && !authType.equals(CREDENTIAL_FILE_AUTH)) {
            return withCredentialRead(declared);
        }
        Map<String, String> resolved = new TreeMap<>(declared);
        resolved.put(AUTH_TYPE, CREDENTIAL_FILE_AUTH);
        return resolved;
    }

    /**
     * The properties with {@code credential-file} replaced by {@code credential}, the file's content
     * (surrounding white space stripped); unchanged without one. Giving both is an error, as is an
     * empty or unreadable file (the message names the file, never its content). The result holds the
     * secret: for the catalog client's authentication only.
     */
    public static Map<String, String> withCredentialRead(Map<String, String> properties) {
        String file = properties.get(CREDENTIAL_FILE);
        if (file == null) {
            return properties;
        }
        requireNotBoth(properties, file);
        String credential;
        try {
            credential = Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog credential file " + file, e);
        }
        if (credential.isEmpty()) {
            throw new IllegalArgumentException("the catalog credential file " + file + " is empty");
        }
        Map<String, String> resolved = new TreeMap<>(properties);
        resolved.remove(CREDENTIAL_FILE);
        resolved.put(CREDENTIAL, credential);
        return resolved;
    }

    private static void requireNotBoth(Map<String, String> properties, String file) {
        if (properties.containsKey(CREDENTIAL)) {
            throw new IllegalArgumentException(
                    "set catalog.credential or catalog.credential-file, not both (the file is " + file + ")");
        }
    }
}
