package org.apache.iceberg.rest;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;

/**
 * The parts of Iceberg's REST catalog fixture (RESTCatalogServer, iceberg-open-api test-fixtures)
 * that are package-private, so the gated server runs exactly the fixture's servlet and adapter.
 * In this package for that reason only; it adds no behaviour.
 */
public final class CivicFixtureAccess {
    private CivicFixtureAccess() {}

    /** The fixture's catalog properties from CATALOG_* variables ({@code __} is '-', {@code _} is '.'). */
    public static Map<String, String> environmentCatalogConfig() {
        return RCKUtils.environmentCatalogConfig();
    }

    /** The servlet RESTCatalogServer serves, over this catalog. */
    public static HttpServlet servlet(Catalog catalog, Map<String, String> configuration) {
        return new RESTCatalogServlet(
                new RESTServerCatalogAdapter(new RESTCatalogServer.CatalogContext(catalog, configuration)));
    }
}
