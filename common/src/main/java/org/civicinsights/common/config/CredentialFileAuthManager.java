package org.civicinsights.common.config;

import java.util.Map;
import org.apache.iceberg.rest.RESTClient;
import org.apache.iceberg.rest.auth.AuthSession;
import org.apache.iceberg.rest.auth.OAuth2Manager;
import org.apache.iceberg.rest.auth.OAuth2Util;

/**
 * Iceberg's OAuth2 for a REST catalog whose client credentials are in a file: the catalog's
 * properties name the file ({@code credential-file}), and this manager reads it each time Iceberg
 * asks for a session built from them, so the secret is never a catalog property. Iceberg copies
 * those properties into every table's FileIO, which Flink serialises into its job graph and Spark
 * broadcasts to executors: with {@code credential} inline the secret would travel with them.
 *
 * <p>Iceberg's REST client loads it by class name from {@code rest.auth.type} (set by {@link
 * IcebergCatalogProperties#resolve}) with its own class loader: this class must be in the same jar
 * or class loader as Iceberg (both job jars shade them together). Everything else, token refresh
 * included (by token exchange, or the client credentials grant again once the token has expired),
 * is {@link OAuth2Manager}'s: its sessions keep the credential they were built with, in memory.
 * Properties without a {@code credential-file} are handed over unchanged.
 */
public final class CredentialFileAuthManager extends OAuth2Manager {

    /** The constructor {@code AuthManagers.loadAuthManager} calls. */
    public CredentialFileAuthManager(String name) {
        super(name);
    }

    /** The short-lived session for the catalog's config endpoint, whose token the catalog session reuses. */
    @Override
    public OAuth2Util.AuthSession initSession(RESTClient initClient, Map<String, String> properties) {
        return super.initSession(initClient, IcebergCatalogProperties.withCredentialRead(properties));
    }

    /** The catalog's long-lived session, refreshed while the catalog is open. */
    @Override
    public OAuth2Util.AuthSession catalogSession(RESTClient sharedClient, Map<String, String> properties) {
        return super.catalogSession(sharedClient, IcebergCatalogProperties.withCredentialRead(properties));
    }

    /**
     * A session for components outside the catalog built from a FileIO's properties (the S3 remote
     * signer): they carry the file's path too.
     */
    @Override
    public AuthSession tableSession(RESTClient sharedClient, Map<String, String> properties) {
        return super.tableSession(sharedClient, IcebergCatalogProperties.withCredentialRead(properties));
    }
}
