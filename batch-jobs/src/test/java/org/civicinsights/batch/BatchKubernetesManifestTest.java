package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicinsights.common.config.DeploymentManifests.at;
import static org.civicinsights.common.config.DeploymentManifests.map;
import static org.civicinsights.common.config.DeploymentManifests.maps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.DeploymentManifests;
import org.civicinsights.common.config.DeploymentManifests.Launch;
import org.civicinsights.common.config.DeploymentManifests.Pod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/spark against the batch jobs: every SparkApplication gives the jobs only keys
 * they read, runs the jar the build makes with its main class, the Spark version of the build and
 * the JVM options of spark-jvm.opts, and exports to a topic of kafka/topics.yaml.
 */
class BatchKubernetesManifestTest {
    private static final Path POM = Path.of("pom.xml");
    /** The templates' date placeholder, filled by the scheduler that submits them. */
    private static final String RUN_DATE = "${RUN_DATE}";

    private static final List<String> ROLES = List.of("driver", "executor");

    /** One SparkApplication: where it is (file and name) and its spec. */
    private record Application(String where, Map<String, Object> spec) {
        List<?> arguments() {
            return (List<?>) at(spec, "arguments", where);
        }

        Launch launch(List<?> arguments) {
            List<Map<String, Object>> env = new ArrayList<>();
            for (String role : ROLES) {
                env.addAll(maps(map(at(spec, role, where), where).get("env"), where + " " + role + ".env"));
            }
            return new Launch(where, arguments, env);
        }

        /** The driver's pod and the executors': both may open the catalog. */
        List<Pod> pods() {
            List<Pod> pods = new ArrayList<>();
            for (String role : ROLES) {
                Map<String, Object> pod = map(at(spec, role, where), where);
                Object securityContext = pod.get("podSecurityContext");
                pods.add(new Pod(
                        where + " " + role,
                        maps(pod.get("volumeMounts"), where + " " + role + ".volumeMounts"),
                        maps(spec.get("volumes"), where + " volumes"),
                        securityContext instanceof Map<?, ?> c ? c.get("fsGroup") : null));
            }
            return pods;
        }
    }

    private static List<Application> applications;

    @BeforeAll
    static void readTheApplications() throws IOException {
        applications = new ArrayList<>();
        try (Stream<Path> files = Files.list(DeploymentManifests.DIR.resolve("spark"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String file = "spark/" + f.getFileName();
                for (Map<String, Object> doc : DeploymentManifests.documents(file)) {
                    String where = file + " " + at(doc, "metadata.name", file);
                    Map<String, Object> spec = map(doc.get("spec"), where);
                    if ("ScheduledSparkApplication".equals(doc.get("kind"))) {
                        // the operator's cron: one run at a time, each a SparkApplication of the template
                        assertThat(spec.get("concurrencyPolicy")).as(where).isEqualTo("Forbid");
                        assertThat(String.valueOf(spec.get("schedule")))
                                .as(where)
                                .startsWith("CRON_TZ=Europe/Rome ");
                        spec = map(spec.get("template"), where + " template");
                    } else {
                        assertThat(doc.get("kind")).as(file + " kind").isEqualTo("SparkApplication");
                    }
                    applications.add(new Application(where, spec));
                }
            }
        }
        assertThat(applications)
                .as("SparkApplications under deploy/kubernetes/spark")
                .hasSizeGreaterThanOrEqualTo(3);
    }

    private static List<String> problems(Application app, List<?> arguments) {
        return DeploymentManifests.problems(
                app.launch(arguments),
                BatchSettings.ACCEPTED,
                "BatchSettings.ACCEPTED",
                DeploymentManifests.icebergProperties());
    }

    /** The arguments as the scheduler renders them for a day. */
    private static String[] rendered(Application app) {
        return app.arguments().stream()
                .map(a -> String.valueOf(a).replace(RUN_DATE, "2026-03-02"))
                .toArray(String[]::new);
    }

    @Test
    void everyKeyAnApplicationGivesTheJobsIsOneTheyRead() {
        List<String> problems = new ArrayList<>();
        applications.forEach(app -> problems.addAll(problems(app, app.arguments())));
        assertThat(problems).isEmpty();
        for (Application app : applications) {
            // and BatchMain takes them: known jobs, one date form
            BatchSettings s = BatchSettings.from(CivicConfig.fromArgs(rendered(app), Map.of()));
            // one date, or (scheduled) every date the jobs missed up to yesterday
            assertThat(s.dates().size() == 1 || s.catchUpTo() != null)
                    .as(app.where())
                    .isTrue();
        }
    }

    @Test
    void aMistypedKeyFailsNamingTheFileAndTheKey() {
        Application daily = applications.stream()
                .filter(a -> a.where().startsWith("spark/daily-batch-sparkapplication.yaml"))
                .findFirst()
                .orElseThrow();
        List<Object> mistyped = new ArrayList<>(daily.arguments());
        mistyped.set(mistyped.indexOf("--batch.shuffle-partitions"), "--batch.shuffle-partition");
        assertThat(problems(daily, mistyped))
                .containsExactly("spark/daily-batch-sparkapplication.yaml civic-daily-batch-${RUN_DATE}: argument"
                        + " --batch.shuffle-partition is not a key the job reads (BatchSettings.ACCEPTED)");
    }

    @Test
    void theCatalogCredentialIsAFileOfASecretMountedOnTheDriverAndTheExecutors() {
        List<String> problems = new ArrayList<>();
        for (Application app : applications) {
            Launch launch = app.launch(app.arguments());
            problems.addAll(DeploymentManifests.secretFileProblems(launch, app.pods()));
            assertThat(launch.env().stream().map(v -> v.get("name")))
                    .as(app.where() + ": the catalog's OAuth2 credential only as a file")
                    .contains("CIVIC_CATALOG_CREDENTIAL_FILE")
                    .doesNotContain("CIVIC_CATALOG_CREDENTIAL");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void anExecutorWithoutTheCredentialsMountFailsNamingIt() {
        Application daily = applications.stream()
                .filter(a -> a.where().startsWith("spark/daily-batch-sparkapplication.yaml"))
                .findFirst()
                .orElseThrow();
        Pod executor = daily.pods().get(1);
        Pod unmounted = new Pod(executor.where(), List.of(), executor.volumes(), executor.fsGroup());
        assertThat(DeploymentManifests.secretFileProblems(
                        daily.launch(daily.arguments()), List.of(daily.pods().get(0), unmounted)))
                .containsExactly("spark/daily-batch-sparkapplication.yaml civic-daily-batch-${RUN_DATE}: variable"
                        + " CIVIC_CATALOG_CREDENTIAL_FILE (/var/run/secrets/civic-catalog/credential): nothing is"
                        + " mounted at /var/run/secrets/civic-catalog on spark/daily-batch-sparkapplication.yaml"
                        + " civic-daily-batch-${RUN_DATE} executor");
    }

    @Test
    void runsTheJarTheBuildMakesOnTheBuildsSpark() throws Exception {
        String jar = DeploymentManifests.jarName(POM);
        String mainClass = DeploymentManifests.mainClass(POM);
        String sparkVersion =
                DeploymentManifests.pomValue(Path.of("..", "pom.xml"), "<spark.version>([^<]+)</spark.version>");
        assertThat(Class.forName(mainClass).getMethod("main", String[].class)).isNotNull();
        for (Application app : applications) {
            assertThat(at(app.spec(), "mainApplicationFile", app.where()))
                    .as(app.where() + " mainApplicationFile")
                    .asString()
                    .endsWith("/" + jar);
            assertThat(at(app.spec(), "mainClass", app.where()))
                    .as(app.where() + " mainClass")
                    .isEqualTo(mainClass);
            assertThat(at(app.spec(), "sparkVersion", app.where()))
                    .as(app.where() + " sparkVersion")
                    .isEqualTo(sparkVersion);
        }
    }

    @Test
    void driverAndExecutorsGetTheJvmOptionsOfSparkJvmOpts() throws IOException {
        List<String> required = Files.readAllLines(Path.of("spark-jvm.opts")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        for (Application app : applications) {
            Map<String, Object> conf = map(at(app.spec(), "sparkConf", app.where()), app.where());
            for (String option : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
                Set<String> given = Set.of(String.valueOf(conf.get(option)).split("\\s+"));
                assertThat(required.stream().filter(o -> !given.contains(o)))
                        .as(app.where() + ": spark-jvm.opts options missing from " + option)
                        .isEmpty();
            }
        }
    }

    @Test
    void theOutreachExportGoesToATopicOfTheManifests() {
        List<String> topics = new ArrayList<>();
        for (Map<String, Object> doc : DeploymentManifests.documents("kafka/topics.yaml")) {
            Map<String, Object> spec = map(doc.get("spec"), "kafka/topics.yaml");
            topics.add(String.valueOf(spec.getOrDefault("topicName", at(doc, "metadata.name", "kafka/topics.yaml"))));
        }
        List<Application> exports = applications.stream()
                .filter(a -> BatchSettings.from(CivicConfig.fromArgs(rendered(a), Map.of()))
                        .jobs()
                        .contains("outreach"))
                .toList();
        assertThat(exports).as("a SparkApplication of the outreach job").isNotEmpty();
        for (Application app : exports) {
            CivicConfig c = CivicConfig.fromArgs(rendered(app), Map.of());
            assertThat(topics).as(app.where() + " outreach.topic").contains(c.get(CivicConfig.OUTREACH_TOPIC));
            assertThat(c.has("outreach.outbox"))
                    .as(app.where() + " outreach.outbox")
                    .isTrue();
        }
    }

    @Test
    void everyHyphenatedKeyTheJobsReadCanComeFromTheEnvironment() {
        assertThat(BatchSettings.ACCEPTED.keys().stream()
                        // --catch-up-to is an option of one run, never a setting from the environment
                        .filter(k -> k.contains("-") && !CivicConfig.HYPHENATED.contains(k))
                        .filter(k -> !k.equals(BatchSettings.CATCH_UP_TO)))
                .as("hyphenated keys of BatchSettings.ACCEPTED missing from CivicConfig.HYPHENATED")
                .isEmpty();
    }
}
