package org.civicinsights.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.civicinsights.cli.stack.SparkClusterSettings;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;

/**
 * How `civic batch run` and `civic outreach run` start the batch job jar. In local mode (no master,
 * or a {@code local[...]} one) the job's main class runs in a plain JVM with Spark on its classpath;
 * with any other master ({@code spark://}, {@code yarn}, {@code k8s://}) the job jar is submitted by
 * Spark's own SparkSubmit in client mode: the driver runs in that JVM here, the executors on the
 * cluster. Pure: builds the command line and environment, starts nothing.
 */
final class BatchLauncher {
    static final String MAIN_CLASS = "org.civicinsights.batch.BatchMain";
    static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";
    static final String LOCAL_MASTER = "local[2]";
    static final String SPARK_MASTER = "spark.master";

    /** Configuration keys the jobs read themselves, passed on as job arguments (with catalog.* and spark.*). */
    static final List<String> JOB_KEY_PREFIXES = List.of(
            "segments.", "clusters.", "batch.", "consent.", "suppression.", "campaigns.", "outreach.", "privacy.");

    private BatchLauncher() {}

    /** What the command needs from this installation. */
    record Installation(String javaBinary, Path jvmOptions, Path log4jConfig, String sparkClasspath, Path jobJar) {}

    /**
     * One run: the job(s), the date arguments, the driver JVM's heap, paths given on the command line
     * (setting -> path, or null) and settings given by the command (outreach's campaign, dry run).
     */
    record Run(String job, List<String> dates, String heap, Map<String, Path> paths, Map<String, String> settings) {}

    /**
     * The configuration keys the job gets, by the way each may travel: {@code args} on the job's command
     * line, {@code sparkConf} (the non-secret spark.* keys) as spark-submit {@code --conf} or job
     * arguments, secrets in {@code environment} (CIVIC_* variables the job reads) or, when a key has no
     * variable name that maps back to it, in {@code secretFile} (a --config file of the job).
     */
    record JobSettings(
            Map<String, String> args,
            Map<String, String> sparkConf,
            Map<String, String> environment,
            Map<String, String> secretFile) {}

    /**
     * A launch: the command, variables to add to its environment (secrets), the settings to write to
     * the --config file the command names (empty: no file), whether Spark binds to loopback, and a few
     * words on where it runs for the progress line.
     */
    record Launch(
            List<String> command,
            Map<String, String> environment,
            Map<String, String> secretFile,
            boolean loopback,
            String where) {}

    /** The master: {@code --master}, else the configuration's spark.master, else local[2]. */
    static String master(String option, Map<String, String> config) {
        if (option != null && !option.isBlank()) {
            return option.strip();
        }
        String configured = config.get(SPARK_MASTER);
        return configured == null || configured.isBlank() ? LOCAL_MASTER : configured.strip();
    }

    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    /** A spark:// master whose every host is this machine's loopback (the local stack's cluster). */
    static boolean onLoopback(String master) {
        if (!master.startsWith("spark://")) {
            return false;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = (colon > 0 ? hostPort.substring(0, colon) : hostPort).toLowerCase(Locale.ROOT);
            boolean loopback =
                    host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
            if (!loopback) {
                return false;
            }
        }
        return true;
    }

    /** Secret-looking keys never go on a command line: the platform's one rule, {@link CivicConfig#isSecret}. */
    static boolean isSecret(String key) {
        return CivicConfig.isSecret(key);
    }

    /** The CIVIC_* variable of a key (catalog.s3.secret-access-key: CIVIC_CATALOG_S3_SECRET_ACCESS_KEY). */
    static String envName(String key) {
        return "CIVIC_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** True when the job, reading its CIVIC_* variables, gets exactly this key back from its variable. */
    static boolean travelsInEnvironment(String key) {
        String probe = "\u0000probe";
        return probe.equals(
                CivicConfig.load(null, Map.of(envName(key), probe)).asMap().get(key));
    }

    /** The configuration keys the job gets (spark.master apart: the launch chooses it). */
    static boolean passedOn(String key) {
        return key.startsWith("catalog.")
                || (key.startsWith("spark.") && !key.equals(SPARK_MASTER))
                || JOB_KEY_PREFIXES.stream().anyMatch(key::startsWith)
                || key.equals(CivicConfig.PSEUDONYMISATION_KEY_FILE)
                || key.equals(CivicConfig.PSEUDONYMISATION_KEY)
                || key.equals(CivicConfig.KAFKA_BOOTSTRAP)
                || key.startsWith(KafkaClientProperties.PREFIX);
    }

    /**
     * Splits the configuration's catalog.*, spark.*, job settings, key file, Kafka bootstrap and client
     * settings (kafka.client.*: a SASL login's JAAS line is secret-looking, so it travels in the environment) by how
     * they travel; {@code paths} (given on the command line) win, made absolute because the job may
     * run elsewhere.
     */
    static JobSettings split(Map<String, String> config, Map<String, Path> paths) {
        Map<String, String> selected = new TreeMap<>();
        config.forEach((k, v) -> {
            if (passedOn(k) && v != null && !v.isBlank()) {
                selected.put(k, v);
            }
        });
        paths.forEach((k, path) -> {
            if (path != null) {
                selected.put(k, path.toAbsolutePath().toString());
            }
        });
        Map<String, String> args = new TreeMap<>();
        Map<String, String> sparkConf = new TreeMap<>();
        Map<String, String> environment = new TreeMap<>();
        Map<String, String> secretFile = new TreeMap<>();
        selected.forEach((k, v) -> {
            if (isSecret(k)) {
                if (travelsInEnvironment(k)) {
                    environment.put(envName(k), v);
                } else {
                    secretFile.put(k, v);
                }
            } else if (k.startsWith("spark.")) {
                sparkConf.put(k, v);
            } else {
                args.put(k, v);
            }
        });
        return new JobSettings(args, sparkConf, environment, secretFile);
    }

    /**
     * The launch of {@code run} on {@code master} with the configuration {@code config};
     * {@code secretFilePath} is where the caller writes the secrets the environment cannot carry.
     */
    static Launch plan(Installation inst, Run run, String master, Map<String, String> config, Path secretFilePath) {
        JobSettings job = split(config, run.paths());
        boolean local = isLocal(master);
        boolean loopback = local || onLoopback(master);
        List<String> cmd = new ArrayList<>(List.of(
                inst.javaBinary(),
                "@" + inst.jvmOptions(),
                "-Xmx" + run.heap(),
                "-XX:+UseParallelGC",
                "-Dlog4j2.configurationFile=" + inst.log4jConfig().toUri()));
        Map<String, String> conf = new TreeMap<>(job.sparkConf());
        String where;
        if (local) {
            cmd.addAll(List.of("-cp", inst.jobJar() + java.io.File.pathSeparator + inst.sparkClasspath(), MAIN_CLASS));
            where = "Spark " + master + ", -Xmx" + run.heap();
        } else {
            if (loopback) {
                // the local stack's worker: executors that fit it, a driver it can reach on loopback
                conf.putIfAbsent("spark.driver.host", "127.0.0.1");
                SparkClusterSettings worker = SparkClusterSettings.from(CivicConfig.of(config));
                conf.putIfAbsent("spark.executor.memory", worker.workerMemory());
                conf.putIfAbsent("spark.executor.cores", String.valueOf(worker.workerCores()));
            }
            cmd.addAll(List.of(
                    "-cp",
                    inst.sparkClasspath(),
                    SPARK_SUBMIT,
                    "--master",
                    master,
                    "--deploy-mode",
                    "client",
                    "--class",
                    MAIN_CLASS,
                    "--name",
                    "civic-batch " + run.job()));
            conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
            cmd.add(inst.jobJar().toString());
            where = "spark-submit to " + master + ", driver -Xmx" + run.heap()
                    + (conf.containsKey("spark.executor.memory")
                            ? ", executors " + conf.get("spark.executor.memory") + " x "
                                    + conf.getOrDefault("spark.executor.cores", "?") + " core(s)"
                            : "");
        }
        // the job's own arguments, the same in both modes
        // (--key=value: a value that starts with "--" stays a value; spark-submit's own --master is
        // not repeated as a job argument, the job keeps the master it was launched on)
        cmd.addAll(List.of("--job", run.job()));
        if (local) {
            cmd.add(argument(SPARK_MASTER, master));
        }
        cmd.addAll(run.dates());
        job.args().forEach((k, v) -> cmd.add(argument(k, v)));
        if (local) {
            job.sparkConf().forEach((k, v) -> cmd.add(argument(k, v)));
        }
        if (!job.secretFile().isEmpty()) {
            cmd.addAll(List.of("--config", secretFilePath.toString()));
        }
        new TreeMap<>(run.settings()).forEach((k, v) -> cmd.add(argument(k, v)));
        return new Launch(List.copyOf(cmd), job.environment(), job.secretFile(), loopback, where);
    }

    /** One job argument, {@code --key=value}, as the jobs' CivicConfig.fromArgs reads it. */
    static String argument(String key, String value) {
        return "--" + key + "=" + value;
    }
}
