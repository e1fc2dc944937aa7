package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicinsights.common.config.DeploymentManifests.Launch;
import org.junit.jupiter.api.Test;

class DeploymentManifestsTest {
    private static final AcceptedKeys ACCEPTED = new AcceptedKeys(
            Set.of("kafka.bootstrap", "ingest.parallelism", "pseudonymisation.key-file"), Set.of("catalog."));
    private static final Set<String> ICEBERG = Set.of("uri", "s3.endpoint", "s3.secret-access-key", "header.");

    private static List<String> problems(List<?> args, List<Map<String, Object>> env) {
        return DeploymentManifests.problems(new Launch("flink/x.yaml", args, env), ACCEPTED, "X.ACCEPTED", ICEBERG);
    }

    private static Map<String, Object> fromSecret(String name) {
        return Map.of("name", name, "valueFrom", Map.of("secretKeyRef", Map.of("name", "s", "key", "k")));
    }

    @Test
    void aLaunchOfAcceptedKeysWithSecretsFromSecretsHasNoProblem() {
        assertThat(problems(
                        List.of(
                                "--kafka.bootstrap",
                                "k:9092",
                                "--catalog.uri=http://c",
                                "--catalog.header.X-Tenant",
                                "rome",
                                "--ingest.parallelism",
                                "4"),
                        List.of(
                                fromSecret("CIVIC_CATALOG_S3_SECRET_ACCESS_KEY"),
                                Map.of("name", "CIVIC_PSEUDONYMISATION_KEY_FILE", "value", "/run/key"),
                                Map.of("name", "AWS_REGION", "value", "eu-south-1"))))
                .isEmpty();
    }

    @Test
    void namesTheFileAndTheKeyOfAnArgumentOrVariableTheJobDoesNotRead() {
        assertThat(problems(
                        List.of("--ingest.paralelism", "4"),
                        List.of(Map.of("name", "CIVIC_KAFKA_BOOTSTRAPS", "value", "k:9092"))))
                .containsExactly(
                        "flink/x.yaml: argument --ingest.paralelism is not a key the job reads (X.ACCEPTED)",
                        "flink/x.yaml: variable CIVIC_KAFKA_BOOTSTRAPS (key kafka.bootstraps) is not a key the job reads"
                                + " (X.ACCEPTED)");
    }

    @Test
    void refusesSecretsOnTheCommandLineOrWrittenIntoTheManifest() {
        assertThat(problems(
                        List.of("--catalog.s3.secret-access-key", "hunter2"),
                        List.of(Map.of("name", "CIVIC_CATALOG_S3_SECRET_ACCESS_KEY", "value", "hunter2"))))
                .containsExactly(
                        "flink/x.yaml: argument --catalog.s3.secret-access-key is a secret: give it as a CIVIC_* variable"
                                + " from a Secret, never an argument",
                        "flink/x.yaml: variable CIVIC_CATALOG_S3_SECRET_ACCESS_KEY (key catalog.s3.secret-access-key) is a"
                                + " secret: take it from a Secret (valueFrom.secretKeyRef), not a value");
    }

    @Test
    void catalogKeysMustBeIcebergPropertiesAsTheVariableMapsThem() {
        assertThat(problems(
                        List.of("--catalog.s3.endpoint-url", "http://s3"),
                        List.of(fromSecret("CIVIC_CATALOG_S3_TOKEN_ID"))))
                .containsExactly(
                        "flink/x.yaml: argument --catalog.s3.endpoint-url reaches the Iceberg catalog client as"
                                + " 's3.endpoint-url', which is no Iceberg catalog or FileIO property",
                        "flink/x.yaml: variable CIVIC_CATALOG_S3_TOKEN_ID (key catalog.s3.token.id) reaches the Iceberg"
                                + " catalog client as 's3.token.id', which is no Iceberg catalog or FileIO property (a"
                                + " hyphenated key missing from CivicConfig.HYPHENATED?)");
    }

    @Test
    void argumentsMustBeStringPairsTheJobCanParse() {
        assertThat(problems(List.of("--ingest.parallelism", 4), List.of()))
                .containsExactly("flink/x.yaml: argument 4 is not a string (quote it: Kubernetes takes only strings)");
        assertThat(problems(List.of("kafka.bootstrap", "k:9092"), List.of()))
                .containsExactly("flink/x.yaml: the arguments do not parse as the job reads them: unexpected argument"
                        + " 'kafka.bootstrap' (expected --key value)");
    }

    @Test
    void variablesMapToKeysAsCivicConfigMapsThem() {
        assertThat(DeploymentManifests.keyOfVariable("CIVIC_CATALOG_S3_SECRET_ACCESS_KEY"))
                .isEqualTo("catalog.s3.secret-access-key");
        assertThat(DeploymentManifests.keyOfVariable("CIVIC_PSEUDONYMISATION_KEY_FILE"))
                .isEqualTo("pseudonymisation.key-file");
        assertThat(DeploymentManifests.keyOfVariable("CIVIC_HOME")).isNull();
        assertThat(DeploymentManifests.keyOfVariable("AWS_ACCESS_KEY_ID")).isNull();
    }

    @Test
    void readsArgumentPairsInEveryForm() {
        List<String> args = List.of("--job", "all", "--date=2026-03-02", "--outreach.dry-run", "--to", "x");
        assertThat(DeploymentManifests.argumentKeys(args)).containsExactly("job", "date", "outreach.dry-run", "to");
        assertThat(DeploymentManifests.argumentValues(args))
                .isEqualTo(Map.of("job", "all", "date", "2026-03-02", "outreach.dry-run", "true", "to", "x"));
    }
}
