package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicinsights.common.config.DeploymentManifests.Launch;
import org.civicinsights.common.config.DeploymentManifests.Pod;
import org.junit.jupiter.api.Test;

class DeploymentManifestsTest {
    private static final AcceptedKeys ACCEPTED = new AcceptedKeys(
            Set.of("kafka.bootstrap", "ingest.parallelism", "pseudonymisation.key-file"), Set.of("catalog."));
    private static final Set<String> ICEBERG =
            Set.of("uri", "s3.endpoint", "s3.secret-access-key", "header.", "credential", "credential-file");

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

    private static final Map<String, Object> CREDENTIAL_FILE =
            Map.of("name", "CIVIC_CATALOG_CREDENTIAL_FILE", "value", "/run/catalog/credential");

    private static Launch withCredentialFile() {
        return new Launch("flink/x.yaml", List.of(), List.of(CREDENTIAL_FILE));
    }

    private static Pod pod(Map<String, Object> mount, Map<String, Object> secret, Object fsGroup) {
        return new Pod(
                "flink/x.yaml pod", List.of(mount), List.of(Map.of("name", "catalog", "secret", secret)), fsGroup);
    }

    private static final Map<String, Object> MOUNT =
            Map.of("name", "catalog", "mountPath", "/run/catalog", "readOnly", true);
    private static final Map<String, Object> SECRET = Map.of(
            "secretName",
            "civic-catalog",
            "defaultMode",
            0400,
            "items",
            List.of(Map.of("key", "c", "path", "credential")));

    @Test
    void aSecretWithAFileFormMustComeAsTheFileWhoseVariableIsAPath() {
        assertThat(problems(List.of(), List.of(fromSecret("CIVIC_CATALOG_CREDENTIAL"))))
                .containsExactly("flink/x.yaml: variable CIVIC_CATALOG_CREDENTIAL (key catalog.credential) is a secret"
                        + " the job reads from a file: mount its Secret and set CIVIC_CATALOG_CREDENTIAL_FILE to the"
                        + " file's path instead, so only the path travels with the job's settings");
        // the file's variable holds a path: no secret, although its key names a credential
        assertThat(problems(List.of(), List.of(CREDENTIAL_FILE))).isEmpty();
        assertThat(DeploymentManifests.isSecretFile("catalog.credential-file")).isTrue();
        assertThat(DeploymentManifests.isSecretFile("pseudonymisation.key-file"))
                .isTrue();
        assertThat(DeploymentManifests.isSecretFile("ingest.checkpoint-dir")).isFalse();
        assertThat(CivicConfig.keyOfVariable(DeploymentManifests.variableOf("catalog.credential-file")))
                .contains("catalog.credential-file");
    }

    @Test
    void aSecretFileIsInAReadOnlySecretVolumeOnEveryPodReadableByItsGroupOnly() {
        assertThat(DeploymentManifests.secretFileProblems(withCredentialFile(), List.of(pod(MOUNT, SECRET, 9999))))
                .isEmpty();
        String what = "flink/x.yaml: variable CIVIC_CATALOG_CREDENTIAL_FILE (/run/catalog/credential): ";
        assertThat(DeploymentManifests.secretFileProblems(
                        withCredentialFile(),
                        List.of(pod(
                                Map.of("name", "catalog", "mountPath", "/run/catalog"),
                                Map.of("secretName", "civic-catalog", "optional", true, "items", SECRET.get("items")),
                                null))))
                .containsExactly(
                        what + "the mount of catalog on flink/x.yaml pod is not readOnly",
                        what + "the Secret volume catalog is optional: a missing Secret would leave the job without"
                                + " the file instead of failing",
                        what + "the Secret volume catalog gives its files mode 0644, readable by other users: 0400"
                                + " (Kubernetes adds group read for the fsGroup)",
                        what + "flink/x.yaml pod has no fsGroup: the engine's non-root user cannot read the Secret's"
                                + " files");
        assertThat(DeploymentManifests.secretFileProblems(
                        withCredentialFile(),
                        List.of(
                                pod(MOUNT, Map.of("secretName", "civic-catalog", "items", List.of()), 9999),
                                pod(Map.of("name", "catalog", "mountPath", "/elsewhere"), SECRET, 9999))))
                .containsExactly(
                        what + "the Secret volume catalog lists no item credential",
                        what + "nothing is mounted at /run/catalog on flink/x.yaml pod");
        assertThat(DeploymentManifests.secretFileProblems(
                        new Launch("flink/x.yaml", List.of(), List.of(fromSecret("CIVIC_CATALOG_CREDENTIAL_FILE"))),
                        List.of(pod(MOUNT, SECRET, 9999))))
                .containsExactly("flink/x.yaml: variable CIVIC_CATALOG_CREDENTIAL_FILE names a file: give its absolute"
                        + " path as a value, the file from a mounted Secret");
    }
}
