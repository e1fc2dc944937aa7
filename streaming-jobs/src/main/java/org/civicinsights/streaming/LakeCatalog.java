package org.civicinsights.streaming;

import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.IcebergCatalogProperties;

/**
 * The Iceberg catalog the ingest job writes through, built from every {@code catalog.*} setting
 * (uri, warehouse, credential, token, io-impl, s3.*, ...): Iceberg's REST client, or the class
 * named by {@code catalog.catalog-impl}. A {@code catalog.credential-file} is read by the REST
 * client's auth manager ({@code CredentialFileAuthManager}, common) where the catalog is loaded
 * (the job's main and each task), so neither the job's settings nor the tables' FileIO the sink
 * serialises hold more than its path: the file must be readable there. Its printed form shows no
 * property: Iceberg's own loaders print every one, secrets included (an inline
 * {@code catalog.credential}), and its table loaders print their catalog loader.
 */
final class LakeCatalog implements CatalogLoader {
    private static final long serialVersionUID = 2L;
    static final String CATALOG_IMPL = "catalog-impl";

    private final String name;
    /** As configured (see {@link IcebergCatalogProperties#declared}). */
    private final TreeMap<String, String> properties;

    private LakeCatalog(String name, Map<String, String> properties) {
        this.name = name;
        this.properties = new TreeMap<>(properties);
    }

    static LakeCatalog from(CivicConfig config) {
        return of(config.get(CivicConfig.CATALOG_NAME), IcebergCatalogProperties.declared(config));
    }

    static LakeCatalog of(String name, Map<String, String> properties) {
        return new LakeCatalog(name, properties);
    }

    @Override
    public Catalog loadCatalog() {
        return delegate().loadCatalog();
    }

    @Override
    @SuppressWarnings("MethodDoesntCallSuperMethod") // immutable
    public CatalogLoader clone() {
        return new LakeCatalog(name, properties);
    }

    /**
     * Iceberg's loader over the {@linkplain IcebergCatalogProperties#resolve resolved} properties,
     * which prints them unmasked: never log it.
     */
    CatalogLoader delegate() {
        Map<String, String> resolved = IcebergCatalogProperties.resolve(properties);
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        String impl = resolved.get(CATALOG_IMPL);
        return impl == null
                ? CatalogLoader.rest(name, hadoop, resolved)
                : CatalogLoader.custom(name, resolved, hadoop, impl);
    }

    @Override
    public String toString() {
        return "LakeCatalog{name=" + name + ", type=" + (properties.containsKey(CATALOG_IMPL) ? "custom" : "rest")
                + "}";
    }
}
