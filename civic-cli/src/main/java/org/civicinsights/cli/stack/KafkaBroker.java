package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/** A single-node Kafka (KRaft, broker and controller in one JVM), formatted on first start. */
public final class KafkaBroker extends ManagedService {
    private final EngineResolver engines;

    public KafkaBroker(StackLayout layout, StackSettings settings, EngineResolver engines) {
        super("kafka", layout, settings);
        this.engines = engines;
    }

    @Override
    public String endpoint() {
        return settings.kafkaBootstrap() + " topic " + settings.topic();
    }

    @Override
    public String url() {
        return settings.kafkaBootstrap();
    }

    @Override
    public void start() throws Exception {
        String classpath = engines.classpath("kafka-broker");
        Path dir = layout.kafkaDir();
        Files.createDirectories(dir);
        Files.createDirectories(layout.logs());
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(dir.resolve("data")));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(
                log4j,
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.out.ref = out",
                        "appender.out.name = out",
                        "appender.out.type = Console",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = %d{ISO8601} %-5p %c{1} - %m%n",
                        "logger.state.name = state.change.logger",
                        "logger.state.level = WARN",
                        ""));
        List<String> jvm = new ArrayList<>(List.of(
                StackService.javaBinary(),
                process.marker(),
                "-Xms128m",
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-cp",
                classpath));
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(jvm);
            format.addAll(List.of(
                    "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
            Process p = new ProcessBuilder(format)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(process.logFile().toFile()))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed; see " + process.logFile());
            }
        }
        List<String> run = new ArrayList<>(jvm);
        run.addAll(List.of("kafka.Kafka", config.toString()));
        process.start(run, Map.of(), dir);
    }

    String serverProperties(Path data) {
        int p = settings.kafkaPort();
        int c = settings.kafkaControllerPort();
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + c,
                "listeners=PLAINTEXT://127.0.0.1:" + p + ",CONTROLLER://127.0.0.1:" + c,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + p,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=" + settings.topicPartitions(),
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
    }

    @Override
    public boolean healthy() {
        if (!Probes.portOpen(settings.kafkaPort())) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates the interactions, rejected-records and outreach-changes topics if they do not exist yet. */
    public void ensureTopics() throws Exception {
        try (Admin admin = admin()) {
            for (String topic : List.of(settings.topic(), settings.rejectedTopic(), settings.outreachTopic())) {
                if (topic.equals("none")) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(new NewTopic(topic, settings.topicPartitions(), (short) 1)))
                            .all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        return Admin.create(p);
    }
}
