package org.civicinsights.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.config.KafkaClientProperties.Kind;

/**
 * Tries to get into a secured stack's Kafka, for any integration test that runs one
 * ({@code stack.security=on}): every kind of client logs in with what civic.properties gives it; a
 * client with no credentials, one with TLS but no login, one with a wrong password, an unknown user
 * and one that does not trust the stack's CA are refused; the ingest job's user cannot write and a
 * producer's cannot read nor forge CRM changes (ACLs); the controller listener refuses a client without
 * a certificate. By exception type, never message text.
 */
public final class KafkaAccessChecks {
    /** How long a refused client tries before giving up: a login that works answers within a second. */
    private static final int REFUSED_AFTER_MS = 3_000;

    private KafkaAccessChecks() {}

    /** Every check below. */
    public static void assertRefusals(CivicConfig client, Path dataDir) throws Exception {
        assertEveryKindLogsIn(client);
        assertPasswordsOnlyInLoginFiles(client, dataDir);

        // the same broker, reached with what a stranger has: nothing, TLS without a login, guesses
        Map<String, String> admin = KafkaClientProperties.of(client, Kind.ADMIN);
        assertThat(describeCluster(client, Map.of()))
                .as("a plaintext client without credentials")
                .isInstanceOf(TimeoutException.class);
        Map<String, String> tlsOnly = new java.util.TreeMap<>(admin);
        tlsOnly.keySet().removeIf(k -> k.startsWith("sasl."));
        tlsOnly.put("security.protocol", "SSL");
        assertThat(describeCluster(client, tlsOnly))
                .as("a TLS client without a SASL login")
                .isInstanceOf(TimeoutException.class);

        Map<String, String> wrongPassword = new java.util.TreeMap<>(admin);
        wrongPassword.put("sasl.jaas.config", scram(KafkaClientProperties.Kind.PRODUCER, "not-the-password"));
        assertThat(describeCluster(client, wrongPassword))
                .as("the producer's user with a wrong password")
                .isInstanceOf(SaslAuthenticationException.class);
        assertThat(send(client, wrongPassword))
                .as("a record sent with a wrong password")
                .isInstanceOf(SaslAuthenticationException.class);

        Map<String, String> unknownUser = new java.util.TreeMap<>(admin);
        unknownUser.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"mallory\""
                        + " password=\"guess\";");
        assertThat(describeCluster(client, unknownUser))
                .as("a user the broker does not know")
                .isInstanceOf(SaslAuthenticationException.class);

        // least privilege: the ingest job's user cannot write, a producer's cannot read
        // (an idempotent producer is refused its producer id: ClusterAuthorizationException)
        assertThat(send(client, KafkaClientProperties.of(client, Kind.INGEST)))
                .as("a record sent as the ingest job's user")
                .isInstanceOf(AuthorizationException.class);
        assertThat(read(client, KafkaClientProperties.of(client, Kind.PRODUCER)))
                .as("the interactions topic read as the producers' user")
                .isInstanceOf(TopicAuthorizationException.class);
        String outreach = client.get(CivicConfig.OUTREACH_TOPIC);
        if (!outreach.equals("none")) {
            assertThat(send(client, KafkaClientProperties.of(client, Kind.PRODUCER), outreach))
                    .as("a forged CRM change sent as the producers' user")
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        String erasures = client.get(CivicConfig.PRIVACY_ERASURES_TOPIC);
        if (!erasures.equals("none")) {
            assertThat(send(client, KafkaClientProperties.of(client, Kind.PRODUCER), erasures))
                    .as("a forged erasure notice sent as the producers' user")
                    .isInstanceOf(TopicAuthorizationException.class);
        }

        // the controller listener (mTLS): a client that trusts the CA but has no certificate of its own,
        // and a plaintext one, cannot reach the controller's admin requests (e.g. altering SCRAM users)
        Map<String, String> noCertificate = new java.util.TreeMap<>(admin);
        noCertificate.keySet().removeIf(k -> k.startsWith("sasl."));
        noCertificate.put("security.protocol", "SSL");
        assertThat(describeController(client, noCertificate))
                .as("a TLS client without a certificate on the controller listener")
                .isInstanceOf(SslAuthenticationException.class);
        assertThat(describeController(client, Map.of()))
                .as("a plaintext client on the controller listener")
                .isInstanceOf(TimeoutException.class);

        Map<String, String> untrusting = new java.util.TreeMap<>(admin);
        untrusting.keySet().removeIf(k -> k.startsWith("ssl.truststore."));
        assertThat(describeCluster(client, untrusting))
                .as("a client that trusts only the JDK's CAs, not the stack's")
                .isInstanceOf(SslAuthenticationException.class);
    }

    /** Each client kind's own user logs in with civic.properties' settings (its password read from a file). */
    public static void assertEveryKindLogsIn(CivicConfig client) throws Exception {
        for (Kind kind : Kind.values()) {
            Map<String, String> props = KafkaClientProperties.of(client, kind);
            assertThat(props.get("sasl.jaas.config"))
                    .as("the %s login", kind.key())
                    .contains("username=\"civic-" + kind.key() + "\"")
                    .contains("${file:");
            assertThat(describeCluster(client, props))
                    .as("%s logs in", kind.key())
                    .isNull();
        }
    }

    /**
     * civic.properties names the login files and holds no Kafka password; the login files and password
     * secrets are 0600.
     */
    public static void assertPasswordsOnlyInLoginFiles(CivicConfig client, Path dataDir) throws IOException {
        Path secrets = dataDir.resolve("secrets");
        List<Path> kafkaSecrets = new ArrayList<>();
        try (Stream<Path> files = Files.list(secrets)) {
            files.filter(f -> f.getFileName().toString().startsWith("kafka-")).forEach(kafkaSecrets::add);
        }
        assertThat(kafkaSecrets)
                .as("a password and a login file per client kind and for the broker")
                .hasSizeGreaterThanOrEqualTo(2 * (Kind.values().length + 1));
        String written = Files.readString(dataDir.resolve("civic.properties"));
        for (Path f : kafkaSecrets) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .as(f.toString())
                    .isEqualTo("rw-------");
            if (f.getFileName().toString().endsWith(".properties")) {
                Properties login = new Properties();
                try (var r = Files.newBufferedReader(f)) {
                    login.load(r);
                }
                String password = login.getProperty("password");
                assertThat(password).as(f + " password").isNotBlank();
                assertThat(written).as("civic.properties").doesNotContain(password);
                assertThat(client.asMap().values()).noneMatch(v -> v.contains(password));
            }
        }
    }

    private static String scram(Kind kind, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"civic-" + kind.key()
                + "\" password=\"" + password + "\";";
    }

    /** Null when the cluster was described, else the root cause of the failure. */
    private static Throwable describeCluster(CivicConfig client, Map<String, String> props) throws Exception {
        try (Admin admin = Admin.create(properties(client, props))) {
            Throwable t = catchThrowable(
                    () -> admin.describeCluster().nodes().get(REFUSED_AFTER_MS * 2L, TimeUnit.MILLISECONDS));
            return t instanceof ExecutionException e ? e.getCause() : t;
        }
    }

    /** Null when the controller described the cluster (reached by {@code bootstrap.controllers}), else the cause. */
    private static Throwable describeController(CivicConfig client, Map<String, String> props) throws Exception {
        Properties p = properties(client, props);
        p.remove("bootstrap.servers");
        p.put("bootstrap.controllers", "127.0.0.1:" + client.get("stack.kafka-controller-port"));
        try (Admin admin = Admin.create(p)) {
            Throwable t = catchThrowable(
                    () -> admin.describeCluster().nodes().get(REFUSED_AFTER_MS * 2L, TimeUnit.MILLISECONDS));
            return t instanceof ExecutionException e ? e.getCause() : t;
        }
    }

    /** Null when the record was acknowledged (on the interactions topic), else the failure's cause. */
    private static Throwable send(CivicConfig client, Map<String, String> props) {
        return send(client, props, client.get(CivicConfig.KAFKA_TOPIC));
    }

    /** Null when the record was acknowledged on {@code topic}, else the failure's cause. */
    private static Throwable send(CivicConfig client, Map<String, String> props, String topic) {
        Properties p = properties(client, props);
        p.put("max.block.ms", String.valueOf(REFUSED_AFTER_MS));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            Throwable t = catchThrowable(() -> producer.send(new ProducerRecord<>(topic, "intruder", "{}"))
                    .get(REFUSED_AFTER_MS * 2L, TimeUnit.MILLISECONDS));
            return t instanceof ExecutionException e ? e.getCause() : t;
        }
    }

    /** Null when a poll of the interactions topic's first partition went through, else the failure. */
    private static Throwable read(CivicConfig client, Map<String, String> props) {
        Properties p = properties(client, props);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(client.get(CivicConfig.KAFKA_TOPIC), 0)));
            return catchThrowable(() -> consumer.poll(Duration.ofMillis(REFUSED_AFTER_MS)));
        }
    }

    private static Properties properties(CivicConfig client, Map<String, String> props) {
        Properties p = new Properties();
        p.putAll(props);
        p.put("bootstrap.servers", client.get(CivicConfig.KAFKA_BOOTSTRAP));
        p.put("request.timeout.ms", String.valueOf(REFUSED_AFTER_MS));
        p.put("default.api.timeout.ms", String.valueOf(REFUSED_AFTER_MS));
        p.put("socket.connection.setup.timeout.ms", "1000");
        return p;
    }
}
