package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class BatchLauncherTest {
    static final BatchLauncher.Installation INSTALLATION = new BatchLauncher.Installation(
            "/jdk/bin/java",
            Path.of("/repo/batch-jobs/spark-jvm.opts"),
            Path.of("/repo/batch-jobs/log4j2-local.properties"),
            "/m2/spark-core_2.13-4.1.0.jar:/m2/spark-sql_2.13-4.1.0.jar",
            Path.of("/repo/batch-jobs/target/civic-batch-jobs.jar"));
    static final Path SECRETS = Path.of("/data/run/batch-42.properties");

    static BatchLauncher.Run run(String job) {
        return new BatchLauncher.Run(job, List.of("--date", "2026-03-02"), "2g", Map.of(), Map.of());
    }

    /** What a cluster stack's civic.properties holds, plus secrets of the kinds the contract names. */
    static Map<String, String> clusterConfig() {
        Map<String, String> c = new HashMap<>(CivicConfig.defaults().asMap());
        c.put("spark.master", "spark://127.0.0.1:17077");
        c.put("stack.spark-worker-memory", "768m");
        c.put("stack.spark-worker-cores", "1");
        c.put("spark.sql.shuffle.partitions", "16");
        c.put("catalog.warehouse", "s3://civic-lake/warehouse");
        c.put("catalog.s3.endpoint", "http://127.0.0.1:19000");
        c.put("catalog.s3.access-key-id", "civic-access");
        c.put("catalog.s3.secret-access-key", "S3-SECRET");
        c.put("catalog.token", "TOKEN-SECRET");
        c.put("spark.hadoop.fs.s3a.secretKey", "HADOOP-SECRET");
        c.put("pseudonymisation.key", "KEY-SECRET");
        c.put("pseudonymisation.key-file", "/data/secrets/pseudonymisation.key");
        c.put("segments.dir", "/etc/civic/segments");
        c.put("trino.password", "NOT-FOR-THE-JOB");
        return c;
    }

    @Test
    void theMasterIsTheOptionElseTheConfigurationElseLocalMode() {
        Map<String, String> cluster = Map.of("spark.master", "spark://127.0.0.1:17077");
        assertThat(BatchLauncher.master("spark://10.0.0.5:7077", cluster)).isEqualTo("spark://10.0.0.5:7077");
        assertThat(BatchLauncher.master(null, cluster)).isEqualTo("spark://127.0.0.1:17077");
        assertThat(BatchLauncher.master(null, Map.of())).isEqualTo("local[2]");
        assertThat(BatchLauncher.master("local[4]", cluster)).isEqualTo("local[4]");
    }

    @Test
    void theSchedulersDailyBatchSubmitsWhereTheStacksConfigurationSays() {
        // the scheduler runs `batch run all --date <yesterday>` with the stack's own configuration:
        // no --master of its own, so civic.properties' spark.master decides
        CivicConfig config = CivicConfig.of(Map.of("spark.master", "spark://127.0.0.1:17077"));
        List<String> batch = SchedulerCommand.jobs(config).stream()
                .filter(j -> j.name().equals("batch"))
                .findFirst()
                .orElseThrow()
                .args();
        assertThat(batch).doesNotContain("--master");
        BatchLauncher.Launch launch = BatchLauncher.plan(
                INSTALLATION, run("all"), BatchLauncher.master(null, config.asMap()), config.asMap(), SECRETS);
        assertThat(launch.command()).contains(BatchLauncher.SPARK_SUBMIT, "spark://127.0.0.1:17077");
    }

    @Test
    void onlyLoopbackSparkMastersCountAsThisMachine() {
        assertThat(BatchLauncher.onLoopback("spark://127.0.0.1:7077")).isTrue();
        assertThat(BatchLauncher.onLoopback("spark://localhost:7077,127.0.0.2:7078"))
                .isTrue();
        assertThat(BatchLauncher.onLoopback("spark://[::1]:7077")).isTrue();
        assertThat(BatchLauncher.onLoopback("spark://127.0.0.1:7077,spark-2.city.internal:7077"))
                .isFalse();
        assertThat(BatchLauncher.onLoopback("spark://spark.city.internal:7077")).isFalse();
        assertThat(BatchLauncher.onLoopback("yarn")).isFalse();
        assertThat(BatchLauncher.onLoopback("k8s://https://127.0.0.1:6443")).isFalse();
    }

    @Test
    void secretLookingKeysAreTheContractsOnes() {
        assertThat(List.of(
                        "catalog.credential",
                        "catalog.token",
                        "catalog.s3.secret-access-key",
                        "catalog.s3.session-token",
                        "spark.authenticate.secret",
                        "spark.ssl.keyPassword",
                        "pseudonymisation.key"))
                .allMatch(BatchLauncher::isSecret);
        assertThat(List.of(
                        "catalog.uri",
                        "catalog.s3.access-key-id",
                        "catalog.oauth2-server-uri",
                        "pseudonymisation.key-file",
                        "spark.executor.memory"))
                .noneMatch(BatchLauncher::isSecret);
    }

    @Test
    void secretsTravelInTheEnvironmentOrAFileAndEverythingElseAsArguments() {
        BatchLauncher.JobSettings s = BatchLauncher.split(
                clusterConfig(), Map.of("consent.file", Path.of("consent.csv"), "segments.dir", Path.of("/tmp/mine")));
        assertThat(s.args())
                .containsEntry("catalog.uri", "http://127.0.0.1:8181")
                .containsEntry("catalog.warehouse", "s3://civic-lake/warehouse")
                .containsEntry("catalog.s3.access-key-id", "civic-access")
                .containsEntry("pseudonymisation.key-file", "/data/secrets/pseudonymisation.key")
                .containsEntry("kafka.bootstrap", "127.0.0.1:9092")
                // a path given on the command line wins and is made absolute
                .containsEntry("segments.dir", "/tmp/mine")
                .containsEntry(
                        "consent.file", Path.of("consent.csv").toAbsolutePath().toString())
                .doesNotContainKeys("spark.master", "trino.password", "trino.url", "stack.spark-worker-memory");
        assertThat(s.sparkConf()).containsOnly(Map.entry("spark.sql.shuffle.partitions", "16"));
        // variables the job maps back to the same keys
        assertThat(s.environment())
                .containsEntry("CIVIC_CATALOG_TOKEN", "TOKEN-SECRET")
                .containsEntry("CIVIC_PSEUDONYMISATION_KEY", "KEY-SECRET");
        // no variable name maps back to a camel-case key: it goes in the job's --config file
        assertThat(s.secretFile()).containsEntry("spark.hadoop.fs.s3a.secretKey", "HADOOP-SECRET");
        // in the environment once CivicConfig.HYPHENATED knows the key, in the file until then
        assertThat(
                        BatchLauncher.travelsInEnvironment("catalog.s3.secret-access-key")
                                ? s.environment().get("CIVIC_CATALOG_S3_SECRET_ACCESS_KEY")
                                : s.secretFile().get("catalog.s3.secret-access-key"))
                .isEqualTo("S3-SECRET");
        assertThat(s.args().values()).doesNotContain("S3-SECRET", "TOKEN-SECRET", "KEY-SECRET", "HADOOP-SECRET");
    }

    @Test
    void kafkaClientSettingsReachTheJobAndTheJaasLineOnlyThroughTheEnvironment() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"civic-outreach\""
                + " password=\"${file:/data/secrets/kafka-outreach.properties:password}\";";
        Map<String, String> config = new HashMap<>(clusterConfig());
        config.put("kafka.client.security.protocol", "SASL_SSL");
        config.put("kafka.client.outreach.sasl.jaas.config", jaas);
        BatchLauncher.JobSettings s = BatchLauncher.split(config, Map.of());
        assertThat(s.args()).containsEntry("kafka.client.security.protocol", "SASL_SSL");
        assertThat(s.environment()).containsEntry("CIVIC_KAFKA_CLIENT_OUTREACH_SASL_JAAS_CONFIG", jaas);
        assertThat(CivicConfig.load(null, s.environment()).asMap())
                .containsEntry("kafka.client.outreach.sasl.jaas.config", jaas);
    }

    @Test
    void everyVariableTheJobGetsMapsBackToItsKey() {
        Map<String, String> env = BatchLauncher.split(clusterConfig(), Map.of()).environment();
        Map<String, String> read = CivicConfig.load(null, env).asMap();
        assertThat(read)
                .containsEntry("catalog.token", "TOKEN-SECRET")
                .containsEntry("pseudonymisation.key", "KEY-SECRET");
    }

    @Test
    void localModeIsAPlainJvmAsBefore() {
        Map<String, String> config = new HashMap<>(CivicConfig.defaults().asMap());
        config.put("clusters.k-max", "10");
        config.put("pseudonymisation.key", "KEY-SECRET");
        BatchLauncher.Launch launch = BatchLauncher.plan(
                INSTALLATION,
                new BatchLauncher.Run(
                        "all", List.of("--date", "2026-03-02"), "2g", Map.of(), Map.of("outreach.dry-run", "true")),
                "local[2]",
                config,
                SECRETS);
        assertThat(launch.command())
                .containsExactly(
                        "/jdk/bin/java",
                        "@/repo/batch-jobs/spark-jvm.opts",
                        "-Xmx2g",
                        "-XX:+UseParallelGC",
                        "-Dlog4j2.configurationFile=file:///repo/batch-jobs/log4j2-local.properties",
                        "-cp",
                        "/repo/batch-jobs/target/civic-batch-jobs.jar:/m2/spark-core_2.13-4.1.0.jar:/m2/spark-sql_2.13-4.1.0.jar",
                        "org.civicinsights.batch.BatchMain",
                        "--job",
                        "all",
                        "--spark.master=local[2]",
                        "--date",
                        "2026-03-02",
                        "--catalog.name=lake",
                        "--catalog.uri=http://127.0.0.1:8181",
                        "--clusters.k-max=10",
                        "--kafka.bootstrap=127.0.0.1:9092",
                        "--outreach.topic=civic.outreach.changes.v1",
                        "--privacy.erasures-topic=civic.privacy.erasures.v1",
                        "--outreach.dry-run=true");
        assertThat(launch.environment()).containsOnly(Map.entry("CIVIC_PSEUDONYMISATION_KEY", "KEY-SECRET"));
        assertThat(launch.secretFile()).isEmpty();
        assertThat(launch.loopback()).isTrue();
        assertThat(launch.where()).isEqualTo("Spark local[2], -Xmx2g");
    }

    @Test
    void aClusterMasterIsSubmittedToWithSparkSubmitInClientMode() {
        Map<String, String> config = clusterConfig();
        BatchLauncher.Launch launch =
                BatchLauncher.plan(INSTALLATION, run("all"), BatchLauncher.master(null, config), config, SECRETS);
        List<String> cmd = launch.command();
        assertThat(cmd.subList(0, 19))
                .containsExactly(
                        "/jdk/bin/java",
                        "@/repo/batch-jobs/spark-jvm.opts",
                        "-Xmx2g",
                        "-XX:+UseParallelGC",
                        "-Dlog4j2.configurationFile=file:///repo/batch-jobs/log4j2-local.properties",
                        "-cp",
                        "/m2/spark-core_2.13-4.1.0.jar:/m2/spark-sql_2.13-4.1.0.jar",
                        "org.apache.spark.deploy.SparkSubmit",
                        "--master",
                        "spark://127.0.0.1:17077",
                        "--deploy-mode",
                        "client",
                        "--class",
                        "org.civicinsights.batch.BatchMain",
                        "--name",
                        "civic-batch all",
                        "--conf",
                        "spark.driver.host=127.0.0.1",
                        "--conf");
        // the stack's worker size, the configuration's spark.* keys as --conf, then the jar and the job's arguments
        assertThat(cmd)
                .containsSubsequence(
                        "--conf",
                        "spark.executor.cores=1",
                        "--conf",
                        "spark.executor.memory=768m",
                        "--conf",
                        "spark.sql.shuffle.partitions=16",
                        "/repo/batch-jobs/target/civic-batch-jobs.jar",
                        "--job",
                        "all",
                        "--date",
                        "2026-03-02",
                        "--catalog.s3.endpoint=http://127.0.0.1:19000",
                        "--config",
                        "/data/run/batch-42.properties")
                .noneMatch(a -> a.startsWith("--spark."))
                .noneMatch(a -> a.contains("SECRET"));
        assertThat(launch.secretFile()).containsKey("spark.hadoop.fs.s3a.secretKey");
        assertThat(launch.loopback()).isTrue();
        assertThat(launch.where())
                .isEqualTo("spark-submit to spark://127.0.0.1:17077, driver -Xmx2g, executors 768m x 1 core(s)");
    }

    @Test
    void theConfigurationsSparkSettingsWinOverTheStackDefaultsAndARemoteMasterGetsNone() {
        Map<String, String> config = clusterConfig();
        config.put("spark.executor.memory", "4g");
        config.put("spark.driver.host", "10.0.0.9");
        List<String> cmd = BatchLauncher.plan(INSTALLATION, run("sla"), "spark://127.0.0.1:17077", config, SECRETS)
                .command();
        assertThat(cmd)
                .contains("spark.executor.memory=4g", "spark.driver.host=10.0.0.9")
                .doesNotContain("spark.executor.memory=768m", "spark.driver.host=127.0.0.1");

        BatchLauncher.Launch remote = BatchLauncher.plan(
                INSTALLATION, run("sla"), "spark://spark.city.internal:7077", clusterConfig(), SECRETS);
        assertThat(remote.command())
                .contains("--master", "spark://spark.city.internal:7077")
                .noneMatch(a -> a.startsWith("spark.driver.host=") || a.startsWith("spark.executor."));
        assertThat(remote.loopback()).isFalse();
        assertThat(remote.where()).isEqualTo("spark-submit to spark://spark.city.internal:7077, driver -Xmx2g");
    }

    @Test
    void noSecretsFileIsNamedWhenTheEnvironmentCarriesThemAll() {
        Map<String, String> config = new HashMap<>(CivicConfig.defaults().asMap());
        config.put("catalog.credential", "client:SECRET");
        BatchLauncher.Launch launch =
                BatchLauncher.plan(INSTALLATION, run("all"), "spark://127.0.0.1:17077", config, SECRETS);
        assertThat(launch.command()).doesNotContain("--config").noneMatch(a -> a.contains("SECRET"));
        assertThat(launch.environment()).containsOnly(Map.entry("CIVIC_CATALOG_CREDENTIAL", "client:SECRET"));
    }

    @Test
    void theJobReadsItsArgumentsBackAsTheyWereMeantEvenValuesStartingWithDashes() {
        Map<String, String> config = new java.util.TreeMap<>(clusterConfig());
        config.put("spark.executor.extraJavaOptions", "--add-opens=java.base/java.nio=ALL-UNNAMED");
        config.put("catalog.scope", "--odd-but-valid");
        BatchLauncher.Launch launch = BatchLauncher.plan(INSTALLATION, run("all"), "local[2]", config, SECRETS);
        List<String> cmd = launch.command();
        List<String> jobArgs = new java.util.ArrayList<>(
                cmd.subList(cmd.indexOf("org.civicinsights.batch.BatchMain") + 1, cmd.size()));
        int secrets = jobArgs.indexOf("--config"); // the secrets' file, read by the job itself
        if (secrets >= 0) {
            jobArgs.subList(secrets, secrets + 2).clear();
        }
        Map<String, String> read =
                CivicConfig.fromArgs(jobArgs.toArray(String[]::new), Map.of()).asMap();
        assertThat(read)
                .containsEntry("job", "all")
                .containsEntry("date", "2026-03-02")
                .containsEntry("spark.master", "local[2]")
                .containsEntry("spark.executor.extraJavaOptions", "--add-opens=java.base/java.nio=ALL-UNNAMED")
                .containsEntry("catalog.scope", "--odd-but-valid")
                .containsEntry("catalog.s3.endpoint", "http://127.0.0.1:19000");
    }
}
