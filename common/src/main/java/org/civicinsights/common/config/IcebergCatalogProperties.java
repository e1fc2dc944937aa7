package org.civicinsights.common.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Iceberg catalog properties of a configuration, as both jobs hand them to their catalog
 * client: every {@code catalog.*} key with the prefix stripped ({@code catalog.uri} becomes
 * {@code uri}, {@code catalog.s3.endpoint} {@code s3.endpoint}), so that a catalog's options
 * (warehouse, credential, token, io-impl, s3.*, ...) need no code change. Not passed: our own
 * {@code catalog.name} and {@code catalog.type}, and blank values (unset).
 */
public final class IcebergCatalogProperties {
    private static final Set<String> OURS = Set.of(CivicConfig.CATALOG_NAME, CivicConfig.CATALOG_TYPE);

    private IcebergCatalogProperties() {}

    /** Sorted by property name. Holds secrets: log it only through {@link CivicConfig#masked}. */
    public static Map<String, String> from(CivicConfig config) {
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
}
