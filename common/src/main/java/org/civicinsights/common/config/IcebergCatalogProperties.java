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
 * credentials ({@code client_id:client_secret}); it becomes Iceberg's {@code credential} when the
 * properties are resolved, so the secret is in no settings file, command line or log.
 */
public final class IcebergCatalogProperties {
    private static final Set<String> OURS = Set.of(CivicConfig.CATALOG_NAME, CivicConfig.CATALOG_TYPE);
    /** Iceberg's OAuth2 client credentials property. */
    public static final String CREDENTIAL = "credential";
    /** The file {@link #CREDENTIAL} is read from (catalog.credential-file). */
    public static final String CREDENTIAL_FILE = "credential-file";

    private IcebergCatalogProperties() {}

    /**
     * Sorted by property name, the credential file read into {@code credential}. Holds secrets: log
     * it only through {@link CivicConfig#masked}.
     */
    public static Map<String, String> from(CivicConfig config) {
        return resolve(declared(config));
    }

    /**
     * As configured, sorted, a credential file not read yet: for a client that reads it where it
     * runs (the ingest job's tasks), and for logs.
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
     * The properties with {@code credential-file} replaced by {@code credential}, the file's content
     * (surrounding white space stripped); unchanged without one. Giving both is an error, as is an
     * empty or unreadable file (the message names the file, never its content).
     */
    public static Map<String, String> resolve(Map<String, String> declared) {
        String file = declared.get(CREDENTIAL_FILE);
        if (file == null) {
            return declared;
        }
        if (declared.containsKey(CREDENTIAL)) {
            throw new IllegalArgumentException(
                    "set catalog.credential or catalog.credential-file, not both (the file is " + file + ")");
        }
        String credential;
        try {
            credential = Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog credential file " + file, e);
        }
        if (credential.isEmpty()) {
            throw new IllegalArgumentException("the catalog credential file " + file + " is empty");
        }
        Map<String, String> resolved = new TreeMap<>(declared);
        resolved.remove(CREDENTIAL_FILE);
        resolved.put(CREDENTIAL, credential);
        return resolved;
    }
}
