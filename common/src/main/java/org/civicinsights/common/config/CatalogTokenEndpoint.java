package org.civicinsights.common.config;

/**
 * Where a catalog's OAuth2 clients get their tokens: the Iceberg REST specification's token
 * endpoint, which the local catalog's gate (catalog-auth) serves and the stack points every client
 * at. One constant, so the gate and its clients cannot drift apart.
 */
public final class CatalogTokenEndpoint {
    /** The path under the catalog's URI. */
    public static final String PATH = "/v1/oauth/tokens";

    private CatalogTokenEndpoint() {}
}
