package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.civicinsights.common.io.PrivateFiles;

/**
 * The cluster topology's S3-compatible object store: S3Proxy with jclouds' filesystem backend,
 * objects kept as files under {@code <data dir>/s3/<bucket>/}. It holds the warehouse, which the
 * REST catalog, the Flink job, the Spark jobs and Trino all reach through the S3 API only.
 */
public final class ObjectStoreService extends ManagedService {
    private final EngineResolver engines;
    private S3Credentials credentials;

    public ObjectStoreService(StackLayout layout, StackSettings settings, EngineResolver engines) {
        super("s3", layout, settings);
        this.engines = engines;
    }

    @Override
    public String endpoint() {
        return settings.cluster().s3Endpoint() + " bucket " + ClusterSettings.BUCKET + " (files under " + layout.s3Dir()
                + ")";
    }

    @Override
    public String url() {
        return settings.cluster().s3Endpoint();
    }

    /** The access key pair, generated on first use. */
    public synchronized S3Credentials credentials() {
        if (credentials == null) {
            credentials = S3Credentials.loadOrCreate(layout.s3Credentials());
        }
        return credentials;
    }

    /**
     * What an Iceberg catalog client needs to read and write the warehouse with S3FileIO (property
     * names of Iceberg's catalog and S3FileIO, without our {@code catalog.} prefix).
     */
    public Map<String, String> icebergProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("warehouse", ClusterSettings.WAREHOUSE);
        m.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        m.put("s3.endpoint", settings.cluster().s3Endpoint());
        m.put("s3.path-style-access", "true");
        m.put("client.region", ClusterSettings.REGION);
        m.put("s3.access-key-id", credentials().accessKeyId());
        m.put("s3.secret-access-key", credentials().secretAccessKey());
        return m;
    }

    /** The same as `catalog.*` client settings for civic.properties (the clients' settings file, 0600). */
    public Map<String, String> catalogClientSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        icebergProperties().forEach((k, v) -> m.put("catalog." + k, v));
        return m;
    }

    @Override
    public void start() throws Exception {
        String classpath = engines.classpath("s3proxy");
        Path bucket = layout.s3Dir().resolve(ClusterSettings.BUCKET);
        // jclouds' filesystem provider serves every directory under its basedir as a bucket
        // (ListBuckets lists it, objects are files below it): creating the bucket is a mkdir
        Files.createDirectories(bucket);
        writePrivately(layout.s3ProxyConfig(), proxyProperties(credentials()));
        process.start(
                List.of(
                        StackService.javaBinary(),
                        process.marker(),
                        "-Xms32m",
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classpath,
                        "org.gaul.s3proxy.Main",
                        "--properties",
                        layout.s3ProxyConfig().toString()),
                Map.of("LOG_LEVEL", "info"),
                layout.s3Dir());
    }

    /** S3Proxy's settings: the endpoint, AWS signatures checked against the pair, the filesystem backend. */
    Properties proxyProperties(S3Credentials c) {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", settings.cluster().s3Endpoint());
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", c.accessKeyId());
        p.setProperty("s3proxy.credential", c.secretAccessKey());
        // Trino's native S3 file system lists with x-amz-optional-object-attributes, which S3Proxy
        // refuses (501 Not Implemented) unless told to ignore headers it does not know
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty(
                "jclouds.filesystem.basedir", layout.s3Dir().toAbsolutePath().toString());
        return p;
    }

    /** Writes a properties file that holds a secret: created 0600 before anything is written into it. */
    static void writePrivately(Path file, Properties p) throws IOException {
        PrivateFiles.writeProperties(
                file, p, "Written by `civic stack up --cluster`; holds a secret, keep it private.");
    }

    /** S3Proxy answers its health endpoint and the bucket exists. */
    @Override
    public boolean healthy() {
        return Files.isDirectory(layout.s3Dir().resolve(ClusterSettings.BUCKET))
                && Probes.httpGet(settings.cluster().s3Endpoint() + "/healthz").isPresent();
    }
}
