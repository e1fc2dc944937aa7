package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.config.KafkaClientProperties.Kind;
import org.civicinsights.common.io.PrivateFiles;
import org.civicinsights.common.privacy.DataRegister;

/**
 * A single-node Kafka (KRaft, broker and controller in one JVM), formatted on first start. With
 * {@code stack.security=on} its client listener is SASL_SSL with SCRAM-SHA-512 logins: the super user
 * {@code admin} is created when the storage is formatted, one user per client kind and its ACLs at
 * every start (see {@link KafkaSecurity}, {@link KafkaAcls}).
 */
public final class KafkaBroker extends ManagedService {
    private final EngineResolver engines;

    public KafkaBroker(StackLayout layout, StackSettings settings, EngineResolver engines) {
        super("kafka", layout, settings);
        this.engines = engines;
    }

    @Override
    public String endpoint() {
        return settings.kafkaBootstrap() + (settings.secured() ? " (SASL_SSL, SCRAM-SHA-512)" : "") + " topic "
                + settings.topic();
    }

    @Override
    public String url() {
        return settings.kafkaBootstrap();
    }

    /** The broker's security files and settings; only meaningful when the stack is secured. */
    KafkaSecurity security() {
        return KafkaSecurity.of(layout);
    }

    @Override
    public void start() throws Exception {
        String classpath = engines.classpath("kafka-broker");
        Path dir = layout.kafkaDir();
        Files.createDirectories(dir);
        Files.createDirectories(layout.logs());
        Path data = dir.resolve("data");
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
        Path config = dir.resolve("server.properties");
        if (!settings.secured()) {
            Files.writeString(config, serverProperties(data, null));
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(jvm, config, null);
            }
            launch(jvm, config);
            return;
        }
        KafkaSecurity security = security();
        StackSecrets secrets = StackSecrets.of(layout);
        StackCertificates.ensure(layout, secrets);
        Path superUserLogin = security.loginFile(KafkaSecurity.SUPER_USER_SECRET);
        if (!Files.exists(data.resolve("meta.properties"))) {
            String password = secrets.password(KafkaSecurity.SUPER_USER_SECRET);
            // StorageTool reads the configuration, login reference included
            KafkaUsers.writeLogin(superUserLogin, KafkaSecurity.SUPER_USER, password);
            Files.writeString(config, serverProperties(data, security));
            format(jvm, config, password);
        } else if (!Files.exists(superUserLogin)) {
            addSuperUserToPlainBroker(jvm, config, data, security, secrets.password(KafkaSecurity.SUPER_USER_SECRET));
        }
        Files.writeString(config, serverProperties(data, security));
        launch(jvm, config);
        syncUsers(jvm, config, security, secrets);
    }

    private void launch(List<String> jvm, Path config) throws IOException {
        List<String> run = new ArrayList<>(jvm);
        run.addAll(List.of("kafka.Kafka", config.toString()));
        process.start(run, Map.of(), layout.kafkaDir());
    }

    /**
     * Formats the storage; with a super-user password, also creates that SCRAM user in the first
     * metadata. The password reaches StorageTool through a java argument file (0600, deleted at once),
     * never its command line; the tool's echo of the credential's keys stays out of the log.
     */
    private void format(List<String> jvm, Path config, String superUserPassword) throws Exception {
        List<String> tool = new ArrayList<>(List.of(
                "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        Path argFile = null;
        List<String> cmd = new ArrayList<>(jvm);
        if (superUserPassword != null) {
            tool.addAll(List.of(
                    "--add-scram",
                    KafkaSecurity.MECHANISM + "=[name=" + KafkaSecurity.SUPER_USER + ",password=" + superUserPassword
                            + "]"));
            argFile = PrivateFiles.createTemp(layout.secretsDir(), ".kafka-format", ".args");
            Files.write(argFile, tool);
            cmd.add("@" + argFile);
        } else {
            cmd.addAll(tool);
        }
        Path output = PrivateFiles.createTemp(layout.kafkaDir(), ".format", ".out");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            Files.writeString(
                    process.logFile(),
                    withoutCredentialRecords(Files.readString(output)),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (!done || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed; see " + process.logFile());
            }
        } finally {
            Files.deleteIfExists(output);
            if (argFile != null) {
                Files.deleteIfExists(argFile);
            }
        }
    }

    /** StorageTool prints its bootstrap records, SCRAM salts and keys included: not for a log. */
    static String withoutCredentialRecords(String output) {
        StringBuilder b = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (!line.contains("UserScramCredentialRecord")) {
                b.append(line).append('\n');
            }
        }
        return b.toString().stripTrailing() + "\n";
    }

    /**
     * A lake made with {@code stack.security=off} has no super user: the broker starts once more as it
     * was (plain listener, anyone may alter it anyway), the super user is created through it, and it stops.
     */
    private void addSuperUserToPlainBroker(
            List<String> jvm, Path config, Path data, KafkaSecurity security, String password) throws Exception {
        Files.writeString(config, serverProperties(data, null));
        launch(jvm, config);
        try (Admin admin = Admin.create(adminProperties(Map.of()))) {
            awaitBroker(admin);
            KafkaUsers.upsert(admin, Map.of(KafkaSecurity.SUPER_USER, password));
        } finally {
            process.stop(Duration.ofSeconds(20));
        }
        KafkaUsers.writeLogin(security.loginFile(KafkaSecurity.SUPER_USER_SECRET), KafkaSecurity.SUPER_USER, password);
    }

    /**
     * Logged in as the super user: rotates its own password if its secret changed (then restarts the
     * broker, whose inter-broker login reads it at start), and sets every client kind's user to its
     * secret's password, writing the login files the clients read.
     */
    private void syncUsers(List<String> jvm, Path config, KafkaSecurity security, StackSecrets secrets)
            throws Exception {
        Path superUserLogin = security.loginFile(KafkaSecurity.SUPER_USER_SECRET);
        String wanted = secrets.password(KafkaSecurity.SUPER_USER_SECRET);
        if (!KafkaUsers.passwordInEffect(superUserLogin).orElse("").equals(wanted)) {
            try (Admin admin = superUserAdmin(security)) {
                awaitBroker(admin);
                KafkaUsers.upsert(admin, Map.of(KafkaSecurity.SUPER_USER, wanted));
            }
            KafkaUsers.writeLogin(superUserLogin, KafkaSecurity.SUPER_USER, wanted);
            process.stop(Duration.ofSeconds(20));
            launch(jvm, config);
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (Kind k : KafkaSecurity.kinds()) {
            users.put(KafkaSecurity.user(k), secrets.password(KafkaSecurity.secret(k)));
        }
        try (Admin admin = superUserAdmin(security)) {
            awaitBroker(admin);
            KafkaUsers.upsert(admin, users);
            KafkaAcls.apply(
                    admin,
                    KafkaAcls.withErasures(
                            settings.erasuresTopic(),
                            KafkaAcls.of(
                                    settings.topic(),
                                    settings.rejectedTopic(),
                                    settings.outreachTopic(),
                                    KafkaClientProperties.OUTREACH_TRANSACTIONAL_ID)));
        }
        for (Kind k : KafkaSecurity.kinds()) {
            KafkaUsers.writeLogin(
                    security.loginFile(KafkaSecurity.secret(k)),
                    KafkaSecurity.user(k),
                    users.get(KafkaSecurity.user(k)));
        }
    }

    /** Waits until the broker describes its cluster (the start timeout), failing early if it exits. */
    private void awaitBroker(Admin admin) throws Exception {
        long deadline = System.nanoTime() + startTimeout().toNanos();
        while (true) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (e.getCause() instanceof AuthenticationException) {
                    throw new IllegalStateException(
                            "the broker refused its super user's login: "
                                    + security().loginFile(KafkaSecurity.SUPER_USER_SECRET)
                                    + " does not hold the password the broker has for " + KafkaSecurity.SUPER_USER
                                    + " (restore that file, or start a new data directory)",
                            e);
                }
                if (process.running().isEmpty()) {
                    throw new IllegalStateException("kafka exited during start-up; " + startFailureReport(), e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("kafka did not answer its super user within "
                            + startTimeout().toSeconds() + " s; " + startFailureReport());
                }
            }
            Thread.sleep(250);
        }
    }

    /**
     * The broker's configuration: a PLAINTEXT client listener, or with {@code security} the SASL_SSL one;
     * the controller listener is on loopback either way.
     */
    String serverProperties(Path data, KafkaSecurity security) {
        int p = settings.kafkaPort();
        int c = settings.kafkaControllerPort();
        List<String> lines = new ArrayList<>(
                List.of("process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + c));
        if (security == null) {
            lines.addAll(List.of(
                    "listeners=PLAINTEXT://127.0.0.1:" + p + ",CONTROLLER://127.0.0.1:" + c,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + p,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"));
        } else {
            lines.addAll(security.brokerSettings(p, c));
        }
        lines.addAll(List.of(
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
                ""));
        return String.join("\n", lines);
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

    /**
     * A topic of the stack and its entry in the register of personal data (the same name, unless the
     * configuration renamed the topic: it keeps the retention of the role it plays).
     */
    public record StackTopic(String name, String registered) {}

    /**
     * The topics the stack creates: interactions, rejected records, outreach changes, erasure notices
     * ({@code none} turns a topic off). The register of personal data must list each
     * (DataRegisterCoverageTest).
     */
    public static List<StackTopic> topics(StackSettings settings) {
        List<StackTopic> topics = new ArrayList<>();
        topics.add(new StackTopic(settings.topic(), "civic.interactions.v1"));
        topics.add(new StackTopic(settings.rejectedTopic(), "civic.interactions.rejected.v1"));
        topics.add(new StackTopic(settings.outreachTopic(), "civic.outreach.changes.v1"));
        topics.add(new StackTopic(settings.erasuresTopic(), "civic.privacy.erasures.v1"));
        return topics.stream().filter(t -> !t.name().equals("none")).toList();
    }

    List<StackTopic> topics() {
        return topics(settings);
    }
    /**
     * A topic's configuration from the register: its retention, and the broker's clock for it.
     * Kafka expires records by their timestamp; with the producer's (CreateTime, the default) a record
     * sent with an old timestamp, such as an import of history, would be deleted before the ingest job
     * reads it. LogAppendTime makes the clock the broker's, so every record stays retention.ms after
     * it arrived, whatever a producer sets. segment.ms rolls segments often enough for the broker to
     * delete them near the retention (it deletes only closed segments; see segmentMillis).
     */
    static Map<String, String> topicConfigs(DataRegister.RegisteredTopic registered) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(registered.retentionMillis()));
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        configs.put(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(registered.segmentMillis()));
        return configs;
    }

    /**
     * Creates the stack's topics that do not exist yet with their configuration from the register,
     * and sets it on those that do (a data directory from before, or a register that changed).
     */
    public void ensureTopics() throws Exception {
        DataRegister register = DataRegister.bundled();
        try (Admin admin = admin()) {
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new LinkedHashMap<>();
            for (StackTopic topic : topics()) {
                DataRegister.RegisteredTopic registered = register.topic(topic.registered())
                        .orElseThrow(() -> new IllegalStateException("topic " + topic.registered()
                                + " is missing from the register of personal data (privacy/register.yaml)"));
                Map<String, String> configs = topicConfigs(registered);
                try {
                    admin.createTopics(List.of(
                                    new NewTopic(topic.name(), settings.topicPartitions(), (short) 1).configs(configs)))
                            .all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    alter.put(
                            new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                            configs.entrySet().stream()
                                    .map(c -> new AlterConfigOp(
                                            new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                                    .toList());
                }
            }
            if (!alter.isEmpty()) {
                admin.incrementalAlterConfigs(alter).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The CLI's admin client (topics, the lag probe, health): the stack's {@code kafka.client.*} and
     * {@code kafka.client.admin.*} settings, i.e. user {@code civic-admin} when secured.
     */
    public Admin admin() {
        return Admin.create(adminProperties(KafkaClientProperties.of(settings.clientSettings(layout), Kind.ADMIN)));
    }

    /** The broker's own super user, for managing the other users. */
    private Admin superUserAdmin(KafkaSecurity security) {
        return Admin.create(adminProperties(security.superUserClient()));
    }

    private Properties adminProperties(Map<String, String> client) {
        Properties p = new Properties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        p.putAll(client);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        return p;
    }
}
