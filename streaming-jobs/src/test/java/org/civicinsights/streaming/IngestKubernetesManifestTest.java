package org.civicinsights.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicinsights.common.config.DeploymentManifests.at;
import static org.civicinsights.common.config.DeploymentManifests.map;
import static org.civicinsights.common.config.DeploymentManifests.maps;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.DeploymentManifests;
import org.civicinsights.common.config.DeploymentManifests.Launch;
import org.civicinsights.common.config.DeploymentManifests.Pod;
import org.civicinsights.common.privacy.DataRegister;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes against the ingest job and the configuration it shares with the platform: the
 * FlinkDeployment gives the job only keys it reads, from the jar the build makes; the Kafka topics
 * are the ones the platform uses; Trino's {@code lake} is the catalog the job writes through.
 */
class IngestKubernetesManifestTest {
    private static final String FLINK = "flink/ingest-flinkdeployment.yaml";
    private static final String TOPICS = "kafka/topics.yaml";
    private static final String TRINO = "trino/values.yaml";
    private static final Path POM = Path.of("pom.xml");

    private static Map<String, Object> deployment;
    private static List<?> args;
    private static Map<String, String> argValues;
    private static Map<String, Object> container;

    @BeforeAll
    static void readTheDeployment() {
        List<Map<String, Object>> docs = DeploymentManifests.documents(FLINK);
        assertThat(docs).as(FLINK).hasSize(1);
        deployment = docs.get(0);
        assertThat(deployment.get("kind")).as(FLINK + " kind").isEqualTo("FlinkDeployment");
        args = (List<?>) at(deployment, "spec.job.args", FLINK);
        argValues = DeploymentManifests.argumentValues(args);
        List<Map<String, Object>> containers = maps(at(deployment, "spec.podTemplate.spec.containers", FLINK), FLINK);
        container = containers.stream()
                .filter(c -> "flink-main-container".equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(FLINK + ": no flink-main-container in the pod template"));
    }

    private static Launch launch(List<?> arguments) {
        return new Launch(FLINK, arguments, maps(container.get("env"), FLINK));
    }

    private static List<String> problems(List<?> arguments) {
        return DeploymentManifests.problems(
                launch(arguments),
                IngestJobSettings.ACCEPTED,
                "IngestJobSettings.ACCEPTED",
                DeploymentManifests.icebergProperties());
    }

    @Test
    void everyKeyTheDeploymentGivesTheJobIsOneItReads() {
        assertThat(problems(args)).isEmpty();
        // and the values are ones the job takes (numbers are numbers)
        IngestJobSettings s = IngestJobSettings.from(CivicConfig.fromArgs(args.toArray(String[]::new), Map.of()));
        assertThat(s.catalogUri()).startsWith("https://");
    }

    @Test
    void aMistypedKeyFailsNamingTheFileAndTheKey() {
        List<Object> mistyped = new ArrayList<>(args);
        mistyped.set(mistyped.indexOf("--ingest.parallelism"), "--ingest.paralelism");
        assertThat(problems(mistyped))
                .containsExactly("flink/ingest-flinkdeployment.yaml: argument --ingest.paralelism is not a key the job"
                        + " reads (IngestJobSettings.ACCEPTED)");
    }

    @Test
    void runsTheJarTheBuildMakesWithItsMainClassOnTheBuildsFlink() throws Exception {
        String jarUri = (String) at(deployment, "spec.job.jarURI", FLINK);
        assertThat(jarUri).as(FLINK + " spec.job.jarURI").endsWith("/" + DeploymentManifests.jarName(POM));
        String entryClass = (String) at(deployment, "spec.job.entryClass", FLINK);
        assertThat(entryClass).as(FLINK + " spec.job.entryClass").isEqualTo(DeploymentManifests.mainClass(POM));
        assertThat(Class.forName(entryClass).getMethod("main", String[].class)).isNotNull();
        String[] flink = DeploymentManifests.pomValue(
                        Path.of("..", "pom.xml"), "<flink.version>([^<]+)</flink.version>")
                .split("\\.");
        assertThat(at(deployment, "spec.flinkVersion", FLINK))
                .as(FLINK + " spec.flinkVersion against the build's Flink")
                .isEqualTo("v" + flink[0] + "_" + flink[1]);
    }

    @Test
    void flinksParallelismIsTheJobsOwnAndFitsTheTopic() {
        Object parallelism = at(deployment, "spec.job.parallelism", FLINK);
        assertThat(String.valueOf(parallelism))
                .as(FLINK + ": spec.job.parallelism and --ingest.parallelism (the job sets its own)")
                .isEqualTo(argValues.get("ingest.parallelism"));
        assertThat(topics().get(argValues.get("kafka.topic")).get("partitions"))
                .as("partitions of the interactions topic (source subtasks beyond them stay idle)")
                .isInstanceOf(Integer.class)
                .satisfies(p -> assertThat((Integer) p).isGreaterThanOrEqualTo((Integer) parallelism));
    }

    @Test
    void theJobManagerOpensWhatTheJarOpensForJava17() {
        String opts = (String)
                map(at(deployment, "spec.flinkConfiguration", FLINK), FLINK).get("env.java.opts.all");
        assertThat(opts).as(FLINK + ": flinkConfiguration env.java.opts.all").isNotNull();
        Set<String> given = Set.of(opts.split("\\s+"));
        String[] packages = DeploymentManifests.pomValue(POM, "<Add-Opens>([^<]+)</Add-Opens>")
                .split("\\s+");
        assertThat(Arrays.stream(packages)
                        .map(p -> "--add-opens=" + p + "=ALL-UNNAMED")
                        .filter(o -> !given.contains(o)))
                .as(FLINK + ": what the jar's Add-Opens (streaming-jobs/pom.xml) opens and env.java.opts.all does not")
                .isEmpty();
    }

    /**
     * The pod template's pod: the operator starts the JobManager (the job's main()) and every
     * TaskManager (the sink, which loads the tables again) from it.
     */
    private static Pod jobAndTaskManagers() {
        Map<String, Object> podSpec = map(at(deployment, "spec.podTemplate.spec", FLINK), FLINK);
        Object securityContext = podSpec.get("securityContext");
        return new Pod(
                FLINK + " JobManager and TaskManagers (podTemplate)",
                maps(container.get("volumeMounts"), FLINK),
                maps(podSpec.get("volumes"), FLINK),
                securityContext instanceof Map<?, ?> c ? c.get("fsGroup") : null);
    }

    @Test
    void theKeyAndTheCatalogCredentialAreFilesOfSecretsMountedOnEveryManager() {
        assertThat(DeploymentManifests.secretFileProblems(launch(args), List.of(jobAndTaskManagers())))
                .isEmpty();
        Set<String> variables = maps(container.get("env"), FLINK).stream()
                .map(v -> (String) v.get("name"))
                .collect(Collectors.toSet());
        assertThat(variables)
                .as(FLINK + ": the catalog's OAuth2 credential only as a file")
                .contains("CIVIC_PSEUDONYMISATION_KEY_FILE", "CIVIC_CATALOG_CREDENTIAL_FILE")
                .doesNotContain("CIVIC_CATALOG_CREDENTIAL", "CIVIC_PSEUDONYMISATION_KEY");
    }

    @Test
    void anInlineCatalogCredentialOrAnUnmountedFileFailsNamingTheFileAndTheVariable() {
        List<Map<String, Object>> env = new ArrayList<>(maps(container.get("env"), FLINK));
        env.removeIf(v -> "CIVIC_CATALOG_CREDENTIAL_FILE".equals(v.get("name")));
        env.add(Map.of(
                "name",
                "CIVIC_CATALOG_CREDENTIAL",
                "valueFrom",
                Map.of("secretKeyRef", Map.of("name", "civic-catalog", "key", "credential"))));
        assertThat(DeploymentManifests.problems(
                        new Launch(FLINK, args, env),
                        IngestJobSettings.ACCEPTED,
                        "IngestJobSettings.ACCEPTED",
                        DeploymentManifests.icebergProperties()))
                .containsExactly("flink/ingest-flinkdeployment.yaml: variable CIVIC_CATALOG_CREDENTIAL (key"
                        + " catalog.credential) is a secret the job reads from a file: mount its Secret and set"
                        + " CIVIC_CATALOG_CREDENTIAL_FILE to the file's path instead, so only the path travels with"
                        + " the job's settings");
        Pod pod = jobAndTaskManagers();
        Pod withoutTheCatalogMount = new Pod(
                pod.where(),
                pod.volumeMounts().stream()
                        .filter(m -> !"catalog-credential".equals(m.get("name")))
                        .toList(),
                pod.volumes(),
                pod.fsGroup());
        assertThat(DeploymentManifests.secretFileProblems(launch(args), List.of(withoutTheCatalogMount)))
                .containsExactly("flink/ingest-flinkdeployment.yaml: variable CIVIC_CATALOG_CREDENTIAL_FILE"
                        + " (/var/run/secrets/civic-catalog/credential): nothing is mounted at"
                        + " /var/run/secrets/civic-catalog on flink/ingest-flinkdeployment.yaml JobManager and"
                        + " TaskManagers (podTemplate)");
    }

    @Test
    void theTopicsAreThePlatformsAndTheJobReadsThem() {
        CivicConfig defaults = CivicConfig.defaults();
        assertThat(topics().keySet())
                .as(TOPICS + " against the topic defaults of CivicConfig")
                .containsExactlyInAnyOrder(
                        defaults.get(CivicConfig.KAFKA_TOPIC),
                        defaults.get(CivicConfig.KAFKA_REJECTED_TOPIC),
                        defaults.get(CivicConfig.OUTREACH_TOPIC),
                        defaults.get(CivicConfig.PRIVACY_ERASURES_TOPIC));
        assertThat(topics()).containsKeys(argValues.get("kafka.topic"), argValues.get("kafka.rejected-topic"));
        for (Map<String, Object> topic : DeploymentManifests.documents(TOPICS)) {
            String cluster =
                    (String) map(at(topic, "metadata.labels", TOPICS), TOPICS).get("strimzi.io/cluster");
            assertThat(argValues.get("kafka.bootstrap"))
                    .as(FLINK + ": kafka.bootstrap against the Strimzi cluster of " + TOPICS)
                    .startsWith(cluster + "-kafka-bootstrap.");
        }
    }

    @Test
    void everyTopicKeepsItsRecordsAsLongAsTheRegisterSaysOnTheBrokersClock() {
        DataRegister register = DataRegister.bundled();
        for (Map.Entry<String, Map<String, Object>> topic : topics().entrySet()) {
            DataRegister.RegisteredTopic registered = register.topic(topic.getKey())
                    .orElseThrow(() -> new AssertionError(
                            TOPICS + ": " + topic.getKey() + " is missing from the register of personal data"));
            Map<String, Object> config = map(topic.getValue().get("config"), TOPICS);
            assertThat(String.valueOf(config.get("retention.ms")))
                    .as(TOPICS + ": " + topic.getKey() + " retention.ms against the register's "
                            + registered.retentionText())
                    .isEqualTo(String.valueOf(registered.retentionMillis()));
            assertThat(String.valueOf(config.get("segment.ms")))
                    .as(TOPICS + ": " + topic.getKey() + " segment.ms")
                    .isEqualTo(String.valueOf(registered.segmentMillis()));
            assertThat(config.get("message.timestamp.type"))
                    .as(TOPICS + ": " + topic.getKey() + " message.timestamp.type")
                    .isEqualTo("LogAppendTime");
        }
    }

    /** Each KafkaTopic's spec by topic name. */
    private static Map<String, Map<String, Object>> topics() {
        Map<String, Map<String, Object>> topics = new TreeMap<>();
        for (Map<String, Object> doc : DeploymentManifests.documents(TOPICS)) {
            assertThat(doc.get("kind")).as(TOPICS + " kind").isEqualTo("KafkaTopic");
            Map<String, Object> spec = map(doc.get("spec"), TOPICS);
            String name = (String) spec.getOrDefault("topicName", at(doc, "metadata.name", TOPICS));
            topics.put(name, spec);
        }
        return topics;
    }

    @Test
    void trinosLakeIsTheIcebergRestCatalogTheJobWritesThrough() throws IOException {
        Map<String, Object> values = DeploymentManifests.documents(TRINO).get(0);
        Properties lake = new Properties();
        lake.load(new StringReader((String) at(values, "catalogs.lake", TRINO)));
        assertThat(lake)
                .as(TRINO + " catalogs.lake")
                .containsEntry("connector.name", "iceberg")
                .containsEntry("iceberg.catalog.type", "rest")
                .containsEntry("fs.native-s3.enabled", "true")
                .containsEntry("iceberg.rest-catalog.uri", argValues.get("catalog.uri"))
                .containsEntry("iceberg.rest-catalog.warehouse", argValues.get("catalog.warehouse"))
                .containsEntry("s3.endpoint", argValues.get("catalog.s3.endpoint"))
                .containsEntry("s3.path-style-access", argValues.get("catalog.s3.path-style-access"))
                .containsEntry("s3.region", argValues.get("catalog.client.region"));
        // credentials from the pods' environment, filled from a Secret
        Set<String> fromSecrets = maps(values.get("env"), TRINO).stream()
                .filter(v -> v.get("valueFrom") instanceof Map<?, ?> f && f.containsKey("secretKeyRef"))
                .map(v -> (String) v.get("name"))
                .collect(Collectors.toSet());
        for (String key : List.of("s3.aws-access-key", "s3.aws-secret-key")) {
            Matcher m = Pattern.compile("\\$\\{ENV:([A-Z0-9_]+)}").matcher(lake.getProperty(key, ""));
            assertThat(m.matches()).as(TRINO + ": " + key + " is ${ENV:...}").isTrue();
            assertThat(fromSecrets).as(TRINO + ": env from Secrets").contains(m.group(1));
        }
    }

    @Test
    void everyHyphenatedKeyTheJobReadsCanComeFromTheEnvironment() {
        assertThat(IngestJobSettings.ACCEPTED.keys().stream()
                        .filter(k -> k.contains("-") && !CivicConfig.HYPHENATED.contains(k)))
                .as("hyphenated keys of IngestJobSettings.ACCEPTED missing from CivicConfig.HYPHENATED")
                .isEmpty();
    }
}
