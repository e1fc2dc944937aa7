package org.civicinsights.collector;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.event.ProducerRejection;

/**
 * Configuration of the HTTP event collector, read from a {@link CivicConfig} (defaults, a
 * {@code --config} file, {@code CIVIC_*} environment variables, {@code --key value} arguments).
 *
 * <p>A key with a '-' cannot be spelled in an environment variable name: {@code CIVIC_COLLECTOR_MAX_BODY_BYTES}
 * arrives as {@code collector.max.body.bytes}. That dotted form is read when the hyphenated key is not set.
 *
 * @param kafkaOverrides      extra Kafka client settings ({@code kafka.client.<name>}, {@code
 *                            kafka.client.collector.<name>}, then {@code collector.kafka.<name>}), applied to
 *                            the producer and, where they are admin settings too, to the health-check client
 * @param clientsFile         the API clients allowed to post ({@link ClientsFile}); null = authentication off
 * @param defaultRate         events per second of a client whose line gives no rate (of everyone, when
 *                            authentication is off); 0 = no limit
 * @param rateBurstSeconds    a client may send this many seconds' worth of its rate at once
 * @param tlsKeystore         a PKCS12 (or JKS) keystore with the server's key and certificate; null = plain HTTP
 * @param tlsKeystorePassword its password; never logged
 */
public record CollectorSettings(
        String bootstrap,
        String topic,
        String rejectedTopic,
        String host,
        int port,
        int maxBodyBytes,
        int maxBatch,
        int maxInFlight,
        int maxConcurrentRequests,
        int maxEventBytes,
        long ackTimeoutMs,
        long shutdownTimeoutMs,
        long healthCacheMs,
        int workerThreads,
        Map<String, String> kafkaOverrides,
        Path clientsFile,
        double defaultRate,
        double rateBurstSeconds,
        Path tlsKeystore,
        String tlsKeystorePassword) {

    public static final String REJECTED_TOPIC = "kafka.rejected-topic";
    public static final String HOST = "collector.host";
    public static final String PORT = "collector.port";
    public static final String MAX_BODY_BYTES = "collector.max-body-bytes";
    public static final String MAX_BATCH = "collector.max-batch";
    public static final String MAX_IN_FLIGHT = "collector.max-in-flight";
    public static final String MAX_CONCURRENT_REQUESTS = "collector.max-concurrent-requests";
    public static final String MAX_EVENT_BYTES = "collector.max-event-bytes";
    public static final String ACK_TIMEOUT_MS = "collector.ack-timeout-ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "collector.shutdown-timeout-ms";
    public static final String HEALTH_CACHE_MS = "collector.health-cache-ms";
    public static final String WORKER_THREADS = "collector.worker-threads";
    public static final String CLIENTS_FILE = "collector.clients-file";
    public static final String DEFAULT_RATE = "collector.default-rate";
    public static final String RATE_BURST_SECONDS = "collector.rate-burst-seconds";
    public static final String TLS_KEYSTORE = "collector.tls.keystore";
    public static final String TLS_KEYSTORE_PASSWORD = "collector.tls.keystore-password";
    /** Prefix of pass-through Kafka client settings: {@code collector.kafka.security.protocol=SSL}. */
    public static final String KAFKA_PREFIX = "collector.kafka.";

    public static final int DEFAULT_PORT = 8088;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH = 1000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 128;
    public static final int DEFAULT_MAX_EVENT_BYTES = 256 * 1024;
    public static final long DEFAULT_ACK_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_HEALTH_CACHE_MS = 3_000;
    public static final double DEFAULT_RATE_BURST_SECONDS = 2;

    private static final Set<String> KEYS = Set.of(
            HOST,
            PORT,
            MAX_BODY_BYTES,
            MAX_BATCH,
            MAX_IN_FLIGHT,
            MAX_CONCURRENT_REQUESTS,
            MAX_EVENT_BYTES,
            ACK_TIMEOUT_MS,
            SHUTDOWN_TIMEOUT_MS,
            HEALTH_CACHE_MS,
            WORKER_THREADS,
            CLIENTS_FILE,
            DEFAULT_RATE,
            RATE_BURST_SECONDS,
            TLS_KEYSTORE,
            TLS_KEYSTORE_PASSWORD);
    /** The collector's delivery guarantees rest on these; they cannot be overridden. */
    private static final Set<String> FIXED_KAFKA_SETTINGS = Set.of(
            "acks",
            "enable.idempotence",
            "key.serializer",
            "value.serializer",
            "bootstrap.servers",
            "transactional.id");

    public CollectorSettings {
        kafkaOverrides = Map.copyOf(kafkaOverrides);
        require(bootstrap != null && !bootstrap.isBlank(), CivicConfig.KAFKA_BOOTSTRAP + " is required");
        require(topic != null && !topic.isBlank(), CivicConfig.KAFKA_TOPIC + " is required");
        require(rejectedTopic != null && !rejectedTopic.isBlank(), REJECTED_TOPIC + " is required");
        require(!topic.equals(rejectedTopic), "the interactions topic and the rejected topic must differ");
        require(host != null && !host.isBlank(), HOST + " is required");
        require(port >= 0 && port <= 65535, PORT + " must be 0..65535 (0 = any free port), got " + port);
        require(maxBodyBytes >= 1024, MAX_BODY_BYTES + " must be at least 1024, got " + maxBodyBytes);
        require(maxBatch >= 1, MAX_BATCH + " must be at least 1, got " + maxBatch);
        require(
                maxInFlight >= maxBatch,
                MAX_IN_FLIGHT + " (" + maxInFlight + ") must be at least " + MAX_BATCH + " (" + maxBatch
                        + "): a full batch must fit");
        require(maxConcurrentRequests >= 1, MAX_CONCURRENT_REQUESTS + " must be at least 1");
        require(maxEventBytes >= 1024, MAX_EVENT_BYTES + " must be at least 1024, got " + maxEventBytes);
        require(ackTimeoutMs >= 100, ACK_TIMEOUT_MS + " must be at least 100, got " + ackTimeoutMs);
        require(shutdownTimeoutMs >= 0, SHUTDOWN_TIMEOUT_MS + " must not be negative");
        require(healthCacheMs >= 0, HEALTH_CACHE_MS + " must not be negative");
        require(workerThreads >= 1, WORKER_THREADS + " must be at least 1");
        for (String k : kafkaOverrides.keySet()) {
            require(!FIXED_KAFKA_SETTINGS.contains(k), KAFKA_PREFIX + k + " cannot be changed");
        }
        require(
                defaultRate >= 0 && Double.isFinite(defaultRate),
                DEFAULT_RATE + " must be a number of events per second (0 = no limit), got " + defaultRate);
        require(
                rateBurstSeconds > 0 && Double.isFinite(rateBurstSeconds),
                RATE_BURST_SECONDS + " must be a positive number of seconds, got " + rateBurstSeconds);
        require(
                tlsKeystore == null || tlsKeystorePassword != null,
                TLS_KEYSTORE_PASSWORD + " is required with " + TLS_KEYSTORE);
    }

    /** Like the generated one, but without the keystore password. */
    @Override
    public String toString() {
        return "CollectorSettings" + describe();
    }

    /** Defaults (Kafka at 127.0.0.1:9092) with these overrides; for tests and embedding. */
    public static CollectorSettings of(Map<String, String> overrides) {
        return from(CivicConfig.of(overrides));
    }

    public static CollectorSettings from(CivicConfig c) {
        // the platform's Kafka client settings for the collector, then its own collector.kafka.* on top
        Map<String, String> kafka = new TreeMap<>(KafkaClientProperties.of(c, KafkaClientProperties.Kind.COLLECTOR));
        c.asMap().forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX) && k.length() > KAFKA_PREFIX.length()) {
                kafka.put(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return new CollectorSettings(
                c.get(CivicConfig.KAFKA_BOOTSTRAP),
                c.get(CivicConfig.KAFKA_TOPIC),
                text(c, REJECTED_TOPIC, ProducerRejection.TOPIC),
                text(c, HOST, DEFAULT_HOST),
                (int) number(c, PORT, DEFAULT_PORT),
                (int) number(c, MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
                (int) number(c, MAX_BATCH, DEFAULT_MAX_BATCH),
                (int) number(c, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT),
                (int) number(c, MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_CONCURRENT_REQUESTS),
                (int) number(c, MAX_EVENT_BYTES, DEFAULT_MAX_EVENT_BYTES),
                number(c, ACK_TIMEOUT_MS, DEFAULT_ACK_TIMEOUT_MS),
                number(c, SHUTDOWN_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS),
                number(c, HEALTH_CACHE_MS, DEFAULT_HEALTH_CACHE_MS),
                (int) number(c, WORKER_THREADS, defaultWorkerThreads()),
                kafka,
                path(c, CLIENTS_FILE),
                decimal(c, DEFAULT_RATE, 0),
                decimal(c, RATE_BURST_SECONDS, DEFAULT_RATE_BURST_SECONDS),
                path(c, TLS_KEYSTORE),
                text(c, TLS_KEYSTORE_PASSWORD, null));
    }

    /** Keys under {@code collector.} that are not the collector's: probably typos, worth a warning. */
    public static List<String> unknownKeys(CivicConfig c) {
        return c.asMap().keySet().stream()
                .filter(k -> k.startsWith("collector.") && !k.startsWith(KAFKA_PREFIX))
                .filter(k -> !KEYS.contains(k)
                        && KEYS.stream().noneMatch(known -> envForm(known).equals(k)))
                .sorted()
                .toList();
    }

    /** Undertow's own default: 8 worker threads per IO thread (one IO thread per core, at least 2). */
    static int defaultWorkerThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors()) * 8;
    }

    /** Producer timeout for a blocked {@code send} (metadata unknown, buffer full): short, so callers get 503 fast. */
    long maxBlockMs() {
        return Math.min(ackTimeoutMs, 2_000);
    }

    /** Settings for logs: the pass-through Kafka settings are not shown, they may hold credentials. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap", bootstrap);
        m.put("kafka.topic", topic);
        m.put(REJECTED_TOPIC, rejectedTopic);
        m.put(HOST, host);
        m.put(PORT, port);
        m.put(MAX_BODY_BYTES, maxBodyBytes);
        m.put(MAX_BATCH, maxBatch);
        m.put(MAX_IN_FLIGHT, maxInFlight);
        m.put(MAX_CONCURRENT_REQUESTS, maxConcurrentRequests);
        m.put(MAX_EVENT_BYTES, maxEventBytes);
        m.put(ACK_TIMEOUT_MS, ackTimeoutMs);
        m.put(SHUTDOWN_TIMEOUT_MS, shutdownTimeoutMs);
        m.put(HEALTH_CACHE_MS, healthCacheMs);
        m.put(WORKER_THREADS, workerThreads);
        m.put("collector.kafka.*", kafkaOverrides.keySet());
        m.put(CLIENTS_FILE, clientsFile == null ? "(none: authentication off)" : clientsFile);
        m.put(DEFAULT_RATE, defaultRate == 0 ? "0 (no limit)" : RateLimiter.format(defaultRate));
        m.put(RATE_BURST_SECONDS, RateLimiter.format(rateBurstSeconds));
        if (tlsKeystore != null) {
            m.put(TLS_KEYSTORE, tlsKeystore);
        }
        return m;
    }

    public static String usage() {
        return String.join(
                "\n",
                "Usage: java -jar civic-collector.jar [--key value]...",
                "       java -jar civic-collector.jar --new-client ID [--rate N]",
                "",
                "HTTP collector of interaction events (contract v1) for the portal, App IO and chatbot:",
                "POST /v1/events validates each event and produces the valid ones to Kafka, the invalid",
                "ones to the rejected-records topic; GET /health; GET /metrics.",
                "",
                "  --kafka.bootstrap HOST:PORT          Kafka bootstrap servers (default 127.0.0.1:9092)",
                "  --kafka.topic NAME                   interactions topic (default civic.interactions.v1)",
                "  --kafka.rejected-topic NAME          rejected records (default " + ProducerRejection.TOPIC + ")",
                "  --collector.host ADDRESS             address to listen on (default " + DEFAULT_HOST + ")",
                "  --collector.port N                   port (default " + DEFAULT_PORT + "; 0 = any free port)",
                "  --collector.max-body-bytes N         largest request body (default " + DEFAULT_MAX_BODY_BYTES + ")",
                "  --collector.max-batch N              most events in one request (default " + DEFAULT_MAX_BATCH + ")",
                "  --collector.max-in-flight N          most records awaiting Kafka acks (default "
                        + DEFAULT_MAX_IN_FLIGHT + ")",
                "  --collector.max-concurrent-requests N  requests processed at once; more wait in a queue (default "
                        + DEFAULT_MAX_CONCURRENT_REQUESTS + ")",
                "  --collector.max-event-bytes N        largest single event as forwarded (default "
                        + DEFAULT_MAX_EVENT_BYTES + ")",
                "  --collector.ack-timeout-ms N         wait for Kafka acks before answering 503 (default "
                        + DEFAULT_ACK_TIMEOUT_MS + ")",
                "  --collector.shutdown-timeout-ms N    wait for in-flight requests at shutdown (default "
                        + DEFAULT_SHUTDOWN_TIMEOUT_MS + ")",
                "  --collector.health-cache-ms N        how long a Kafka health check is reused (default "
                        + DEFAULT_HEALTH_CACHE_MS + ")",
                "  --collector.worker-threads N         request worker threads (default 8 per core)",
                "  --kafka.client.NAME VALUE            any other Kafka client setting (security...) of every",
                "                                       platform client, e.g. --kafka.client.security.protocol SSL;",
                "                                       --kafka.client.collector.NAME or --collector.kafka.NAME: the",
                "                                       collector's own (on top)",
                "  --collector.clients-file FILE        API clients allowed to post: lines '<client-id> <sha256-hex-of-token>",
                "                                       [rate]'; without it anyone may post (authentication off)",
                "  --collector.default-rate N           events per second of a client whose line gives no rate (of all",
                "                                       callers together without a clients file); default 0 = no limit",
                "  --collector.rate-burst-seconds N     a client may send N seconds' worth of its rate at once (default "
                        + RateLimiter.format(DEFAULT_RATE_BURST_SECONDS) + ")",
                "  --collector.tls.keystore FILE        serve HTTPS with this PKCS12 keystore (default: plain HTTP,",
                "                                       TLS terminated by the reverse proxy)",
                "  --collector.tls.keystore-password P  its password (better in CIVIC_COLLECTOR_TLS_KEYSTORE_PASSWORD)",
                "  --config FILE                        a properties file with any of the keys above",
                "",
                "Keys can also be set as environment variables: CIVIC_COLLECTOR_PORT=8090.",
                "",
                "  --new-client ID [--rate N]           create an API client: prints a new random token (shown only",
                "                                       once) and the line to append to the clients file",
                "  --help                               this text");
    }

    private static String text(CivicConfig c, String key, String fallback) {
        String v = c.get(key, null);
        if (v == null) {
            v = c.get(envForm(key), fallback);
        }
        return v == null ? null : v.strip();
    }

    private static Path path(CivicConfig c, String key) {
        String v = text(c, key, null);
        try {
            return v == null ? null : Path.of(v);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("configuration '" + key + "' is not a valid path: " + e.getMessage());
        }
    }

    private static double decimal(CivicConfig c, String key, double fallback) {
        String v = text(c, key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration '" + key + "' must be a number, got '" + v + "'");
        }
    }

    private static long number(CivicConfig c, String key, long fallback) {
        String v = c.has(key) ? key : c.has(envForm(key)) ? envForm(key) : null;
        if (v == null) {
            return fallback;
        }
        long n = c.getLong(v, fallback);
        if (n > Integer.MAX_VALUE && !key.endsWith("-ms")) {
            throw new IllegalArgumentException("configuration '" + key + "' is too large: " + n);
        }
        return n;
    }

    /** How a hyphenated key arrives from an environment variable. */
    private static String envForm(String key) {
        return key.replace('-', '.');
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
