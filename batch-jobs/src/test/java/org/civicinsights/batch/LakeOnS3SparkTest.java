package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.batch.privacy.PhysicalCleanup;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.io.FileTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A batch job on a lake in an S3-compatible object store, configured with {@code catalog.*} keys
 * only: s3proxy (its own JVM, from its Maven jar, file-system backend) as the store, Iceberg's
 * S3FileIO with the AWS SDK of iceberg-aws-bundle for every data and metadata file, and an Iceberg
 * JDBC catalog on SQLite, so that no catalog server is needed (the REST catalog on S3 is the
 * cluster topology's test).
 */
class LakeOnS3SparkTest {
    static final String BUCKET = "civic-lake";
    static final String ACCESS_KEY_ID = "civic-test";
    static final String SECRET = UUID.randomUUID().toString();

    static Path dir;
    static Process s3proxy;
    static int port;
    static SparkSession spark;

    @BeforeAll
    static void objectStore() throws Exception {
        dir = Files.createTempDirectory("civic-lake-on-s3");
        port = freePort();
        s3proxy = startS3Proxy(dir, port);
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        // as spark-submit --conf passes it to the driver: a system property, which wins over our default (8)
        System.setProperty("spark.sql.shuffle.partitions", "3");
        try {
            spark = LakeSession.open(settings("cases", "2026-06-30"), "lake-on-s3-test");
        } finally {
            System.clearProperty("spark.sql.shuffle.partitions");
        }
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (s3proxy != null) {
            s3proxy.destroy();
            s3proxy.waitFor();
        }
        if (dir != null) {
            FileTrees.delete(dir);
        }
    }

    /** The lake's settings as a cluster's configuration file would give them; nothing else. */
    static BatchSettings settings(String job, String date) {
        Map<String, String> c = new HashMap<>(Map.of(
                "job",
                job,
                "date",
                date,
                "catalog.catalog-impl",
                "org.apache.iceberg.jdbc.JdbcCatalog",
                "catalog.uri",
                "jdbc:sqlite:" + dir.resolve("catalog.db"),
                "catalog.warehouse",
                "s3://" + BUCKET + "/warehouse",
                "catalog.io-impl",
                "org.apache.iceberg.aws.s3.S3FileIO",
                "catalog.s3.endpoint",
                "http://127.0.0.1:" + port,
                "catalog.s3.path-style-access",
                "true",
                "catalog.s3.access-key-id",
                ACCESS_KEY_ID,
                "catalog.s3.secret-access-key",
                SECRET));
        c.put("catalog.client.region", "us-east-1");
        c.put("spark.master", "local[2]");
        return BatchSettings.from(CivicConfig.of(c));
    }

    @Test
    void theSessionTakesSparkSubmitsSettingsOverOurDefaults() {
        assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("3");
        assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
        assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
        assertThat(spark.conf().get("spark.sql.catalog.lake.io-impl")).isEqualTo("org.apache.iceberg.aws.s3.S3FileIO");
        assertThat(spark.conf().get("spark.redaction.regex")).contains("credential");
    }

    @Test
    void theCasesJobWritesAndReadsItsTablesThroughS3FileIO() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.raw");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.ref");
        spark.sql("CREATE TABLE lake.raw.interactions (event_id string, event_type string, event_time timestamp,"
                + " channel string, service_code string, municipio int, citizen_key string, case_id string,"
                + " case_status string, language string, wait_seconds int, handle_seconds int, outcome string,"
                + " ingested_at timestamp, anonymous_id string, csat int, nps int, feedback_text string)"
                + " USING iceberg PARTITIONED BY (days(event_time))");
        spark.sql("CREATE TABLE lake.ref.services (service_code string, deadline_days int, deadline_kind string,"
                + " available_online boolean) USING iceberg");
        spark.sql("INSERT INTO lake.ref.services VALUES ('CAL-30', 30, 'calendar', true)");
        spark.sql("INSERT INTO lake.raw.interactions VALUES "
                + event("a-1", "case_opened", "2026-05-30T08:00:00Z", "A") + ", "
                + event("a-2", "case_resolved", "2026-06-30T12:00:00Z", "A") + ", "
                + event("b-1", "case_opened", "2026-06-29T09:00:00Z", "B"));

        // the job reads raw.interactions and MERGEs core.cases, both on the object store
        assertThat(BatchMain.run(spark, settings("cases", "2026-06-30"))).isTrue();
        assertThat(spark.sql("SELECT case_id, status FROM lake.core.cases ORDER BY case_id")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[A,resolved], [B,open]]");

        List<String> dataFiles = spark.sql("SELECT file_path FROM lake.core.cases.files").collectAsList().stream()
                .map(r -> r.getString(0))
                .toList();
        assertThat(dataFiles).isNotEmpty().allMatch(p -> p.startsWith("s3://" + BUCKET + "/warehouse/core/cases/"));
        // one file per day partition of the raw events, all on the store
        Row raw = spark.sql("SELECT count(*), count_if(file_path LIKE 's3://" + BUCKET + "/warehouse/raw/%')"
                        + " FROM lake.raw.interactions.files")
                .first();
        assertThat(raw.getLong(0)).isEqualTo(3);
        assertThat(raw.getLong(1)).isEqualTo(3);

        // retention's cleanup lists the table's files through S3FileIO: there is no Hadoop file system for s3://
        PhysicalCleanup.Outcome cleaned = PhysicalCleanup.cleanup(
                spark, "lake.core.cases", Duration.ZERO, Duration.ofMinutes(10), Clock.systemUTC());
        assertThat(cleaned.orphanFiles()).isZero();
        assertThat(spark.table("lake.core.cases").count()).isEqualTo(2);

        // and the store holds them: data and metadata of every table the run wrote
        try (S3Client s3 = s3()) {
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                    .map(S3Object::key)
                    .toList();
            assertThat(keys)
                    .anyMatch(k -> k.startsWith("warehouse/core/cases/data/") && k.endsWith(".parquet"))
                    .anyMatch(k -> k.startsWith("warehouse/core/cases/metadata/") && k.endsWith(".metadata.json"))
                    .anyMatch(k -> k.startsWith("warehouse/ref/code_labels/data/"))
                    .anyMatch(k -> k.startsWith("warehouse/meta/data_quality/data/"));
            for (String f : dataFiles) {
                assertThat(keys).contains(f.substring(("s3://" + BUCKET + "/").length()));
            }
        }
    }

    static String event(String id, String type, String time, String caseId) {
        return String.format(
                "('%s', '%s', TIMESTAMP '%s', 'portal', 'CAL-30', 1, 'key-%s', '%s', NULL, NULL, NULL, NULL, NULL,"
                        + " TIMESTAMP '2026-06-30T20:00:00Z', NULL, NULL, NULL, NULL)",
                id, type, time, caseId, caseId);
    }

    static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
                .build();
    }

    /** s3proxy 4.1.0 with its file-system backend in its own JVM (its jar is resolved by Maven: s3proxy.jar). */
    static Process startS3Proxy(Path dir, int port) throws Exception {
        String jar = System.getProperty("s3proxy.jar");
        assertThat(jar).as("system property s3proxy.jar (set by the build)").isNotBlank();
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY_ID,
                        "s3proxy.credential=" + SECRET,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + blobs,
                        ""));
        Path log = dir.resolve("s3proxy.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar,
                        "--properties",
                        properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("s3proxy did not start: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return p;
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
