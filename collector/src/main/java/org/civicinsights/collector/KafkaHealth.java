package org.civicinsights.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether Kafka is reachable, cheaply: a record acknowledged recently proves it; otherwise the result
 * of an admin {@code describeCluster} call is reused for {@code collector.health-cache-ms}. Checks are
 * asynchronous and at most one runs at a time.
 */
final class KafkaHealth implements AutoCloseable {
    enum State {
        UNKNOWN,
        UP,
        DOWN
    }

    record Snapshot(State state, String detail, long checkedAtNanos) {}

    private final Admin admin;
    private final long cacheNanos;
    private final int timeoutMs;
    private final AtomicReference<Snapshot> last =
            new AtomicReference<>(new Snapshot(State.UNKNOWN, "not checked yet", System.nanoTime()));
    private final AtomicReference<CompletableFuture<Snapshot>> running = new AtomicReference<>();
    private volatile long lastAckNanos;
    private volatile boolean acked;

    KafkaHealth(CollectorSettings s) {
        this.cacheNanos = TimeUnit.MILLISECONDS.toNanos(s.healthCacheMs());
        this.timeoutMs = (int) Math.min(s.ackTimeoutMs(), 2_000);
        this.admin = Admin.create(adminConfig(s, timeoutMs));
    }

    static Properties adminConfig(CollectorSettings s, int timeoutMs) {
        Set<String> adminKeys = AdminClientConfig.configNames();
        Properties p = new Properties();
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "civic-collector-health");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        // security and network settings given for the producer apply here too, and the config providers
        // that resolve their ${provider:...} references (no ConfigDef key: the clients' base class reads them)
        for (Map.Entry<String, String> e : s.kafkaOverrides().entrySet()) {
            if ((adminKeys.contains(e.getKey()) || e.getKey().startsWith("config.providers"))
                    && !e.getKey().equals(AdminClientConfig.CLIENT_ID_CONFIG)
                    && !e.getKey().endsWith("timeout.ms")) {
                p.put(e.getKey(), e.getValue());
            }
        }
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        return p;
    }

    /** A record was acknowledged: Kafka is up. Called for every record, so cheap. */
    void recordAcknowledged() {
        lastAckNanos = System.nanoTime();
        acked = true;
    }

    /** A record failed: look again soon (a record can fail for other reasons than an unreachable Kafka). */
    void recordFailed() {
        if (System.nanoTime() - last.get().checkedAtNanos() > TimeUnit.MILLISECONDS.toNanos(500)) {
            refresh();
        }
    }

    /** The latest known state, without waiting; starts a new check if the last one is stale. */
    Snapshot current() {
        long now = System.nanoTime();
        if (recentAck(now)) {
            return new Snapshot(State.UP, "records acknowledged recently", lastAckNanos);
        }
        Snapshot s = last.get();
        if (s.state() == State.UNKNOWN || now - s.checkedAtNanos() > cacheNanos) {
            refresh();
        }
        return s;
    }

    /** True if the last check found Kafka unreachable and no record was acknowledged since. */
    boolean knownDown() {
        Snapshot s = current();
        return s.state() == State.DOWN && !(acked && lastAckNanos - s.checkedAtNanos() > 0);
    }

    /** For {@code GET /health}: a fresh answer, waiting for a check if the cached one is stale. */
    Snapshot check() {
        long now = System.nanoTime();
        if (recentAck(now)) {
            return new Snapshot(State.UP, "records acknowledged recently", lastAckNanos);
        }
        Snapshot s = last.get();
        if (s.state() != State.UNKNOWN && now - s.checkedAtNanos() <= cacheNanos) {
            return s;
        }
        try {
            return refresh().get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Snapshot(State.UNKNOWN, "interrupted", now);
        } catch (ExecutionException | TimeoutException e) {
            return new Snapshot(State.DOWN, "health check did not complete", now);
        }
    }

    private boolean recentAck(long now) {
        return acked && now - lastAckNanos <= cacheNanos;
    }

    private CompletableFuture<Snapshot> refresh() {
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> other = running.compareAndExchange(null, mine);
        if (other != null) {
            return other;
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes()
                    .whenComplete((nodes, error) -> {
                        if (error == null && nodes != null && !nodes.isEmpty()) {
                            settle(
                                    mine,
                                    new Snapshot(State.UP, nodes.size() + " broker(s) reachable", System.nanoTime()));
                        } else {
                            settle(
                                    mine,
                                    new Snapshot(
                                            State.DOWN,
                                            "Kafka is not reachable: " + describe(error),
                                            System.nanoTime()));
                        }
                    });
        } catch (RuntimeException e) {
            settle(mine, new Snapshot(State.DOWN, "Kafka is not reachable: " + describe(e), System.nanoTime()));
        }
        return mine;
    }

    private void settle(CompletableFuture<Snapshot> f, Snapshot s) {
        last.set(s);
        running.set(null);
        f.complete(s);
    }

    /**
     * Problems with the topics the collector writes to (missing, or Kafka not reachable), for a
     * warning at start; an empty list when both exist.
     */
    List<String> topicProblems(List<String> topics) {
        List<String> problems = new ArrayList<>();
        try {
            Map<String, TopicDescription> found = admin.describeTopics(
                            topics, new DescribeTopicsOptions().timeoutMs(timeoutMs))
                    .allTopicNames()
                    .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
            for (String t : topics) {
                if (!found.containsKey(t)) {
                    problems.add("topic " + t + " does not exist");
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                problems.add("topic(s) " + topics + " do not all exist");
            } else {
                problems.add("Kafka is not reachable yet: " + describe(e.getCause()));
            }
        } catch (TimeoutException e) {
            problems.add("Kafka is not reachable yet (no answer in " + timeoutMs + " ms)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        }
        return problems;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "no broker in the cluster description";
        }
        Throwable root = t;
        while ((root instanceof ExecutionException || root instanceof CompletionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
