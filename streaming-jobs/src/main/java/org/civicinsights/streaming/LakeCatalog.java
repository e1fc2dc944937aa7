package org.civicinsights.streaming;

import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.IcebergCatalogProperties;

/**
 * The Iceberg catalog the ingest job writes through, built from every {@code catalog.*} setting
 * (uri, warehouse, credential, token, io-impl, s3.*, ...): Iceberg's REST client, or the class
 * named by {@code catalog.catalog-impl}. Its printed form shows no property: Iceberg's own loaders
 * print every one, secrets included, and its table loaders print their catalog loader.
 */
final class LakeCatalog implements CatalogLoader {
    private static final long serialVersionUID = 1L;
    static final String CATALOG_IMPL = "catalog-impl";

    private final String name;
    private final CatalogLoader delegate;

    private LakeCatalog(String name, CatalogLoader delegate) {
        this.name = name;
        this.delegate = delegate;
    }

    static LakeCatalog from(CivicConfig config) {
        return of(config.get(CivicConfig.CATALOG_NAME), IcebergCatalogProperties.from(config));
    }

    static LakeCatalog of(String name, Map<String, String> properties) {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        String impl = properties.get(CATALOG_IMPL);
        return new LakeCatalog(
                name,
                impl == null
                        ? CatalogLoader.rest(name, hadoop, properties)
                        : CatalogLoader.custom(name, properties, hadoop, impl));
    }

    @Override
    public Catalog loadCatalog() {
        return delegate.loadCatalog();
    }

    @Override
    @SuppressWarnings("MethodDoesntCallSuperMethod") // immutable apart from the delegate, which clones itself
    public CatalogLoader clone() {
        return new LakeCatalog(name, delegate.clone());
    }

    /** Iceberg's loader, which prints its properties unmasked: for tests only. */
    CatalogLoader delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "LakeCatalog{name=" + name + ", type=" + delegate.getClass().getSimpleName() + "}";
    }
}
