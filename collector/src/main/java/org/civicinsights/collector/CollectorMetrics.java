package org.civicinsights.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Counters of the collector, served as JSON by {@code GET /metrics} and logged at shutdown. Events
 * are counted as accepted or rejected only once Kafka acknowledged their request (a 202 answer).
 */
public final class CollectorMetrics {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Why a request was answered 503. */
    public enum Unavailable {
        /** too many records awaiting Kafka acknowledgement */
        BUSY,
        /** the request queue is full ({@code collector.max-concurrent-requests} reached and queue full) */
        QUEUE_FULL,
        /** the last health check found Kafka unreachable */
        KAFKA_DOWN,
        /** Kafka did not acknowledge within {@code collector.ack-timeout-ms} */
        ACK_TIMEOUT,
        /** the producer reported an error for a record */
        KAFKA_ERROR,
        /** the collector is shutting down */
        STOPPING;

        String code() {
            return name().toLowerCase();
        }
    }

    private final Instant started = Instant.now();
    private final LongAdder requests = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder eventsReceived = new LongAdder();
    private final LongAdder eventsAccepted = new LongAdder();
    private final LongAdder eventsRejected = new LongAdder();
    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
    private final Map<Unavailable, LongAdder> unavailable = new ConcurrentHashMap<>();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder eventsRateLimited = new LongAdder();
    /** Per authenticated client: the set of clients is fixed by the clients file, so this stays small. */
    private final Map<String, ClientCounts> clients = new ConcurrentHashMap<>();

    private static final class ClientCounts {
        final LongAdder accepted = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder rateLimited = new LongAdder();
    }

    private volatile IntSupplier inFlight = () -> 0;
    private volatile IntSupplier inFlightPeak = () -> 0;
    private volatile int maxInFlight;

    void bindInFlight(IntSupplier current, IntSupplier peak, int max) {
        this.inFlight = current;
        this.inFlightPeak = peak;
        this.maxInFlight = max;
    }

    void request(int status) {
        requests.increment();
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void received(int events, long bytes) {
        eventsReceived.add(events);
        bytesReceived.add(bytes);
    }

    void accepted(int events) {
        eventsAccepted.add(events);
    }

    void rejected(String reason) {
        eventsRejected.increment();
        rejectedByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Events of a request answered 429; {@code client} null when authentication is off. */
    void rateLimited(String client, int events) {
        eventsRateLimited.add(events);
        if (client != null) {
            clients.computeIfAbsent(client, c -> new ClientCounts()).rateLimited.add(events);
        }
    }

    /** Events of an authenticated client's request answered 202. */
    void byClient(String client, int accepted, int rejected) {
        if (client != null) {
            ClientCounts c = clients.computeIfAbsent(client, k -> new ClientCounts());
            c.accepted.add(accepted);
            c.rejected.add(rejected);
        }
    }

    void countUnavailable(Unavailable why) {
        unavailable.computeIfAbsent(why, w -> new LongAdder()).increment();
    }

    public long requests() {
        return requests.sum();
    }

    public long requests(int status) {
        LongAdder a = byStatus.get(status);
        return a == null ? 0 : a.sum();
    }

    public long eventsAccepted() {
        return eventsAccepted.sum();
    }

    public long eventsRejected() {
        return eventsRejected.sum();
    }

    public long eventsRateLimited() {
        return eventsRateLimited.sum();
    }

    public Map<String, Long> rejectedByReason() {
        return sums(rejectedByReason);
    }

    public long unavailable(Unavailable why) {
        LongAdder a = unavailable.get(why);
        return a == null ? 0 : a.sum();
    }

    /** Records sent to Kafka and not yet acknowledged (or failed). */
    public int recordsInFlight() {
        return inFlight.getAsInt();
    }

    /** The most records ever awaiting acknowledgement at once; never above {@code collector.max-in-flight}. */
    public int recordsInFlightPeak() {
        return inFlightPeak.getAsInt();
    }

    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
        ObjectNode req = n.putObject("requests");
        req.put("total", requests.sum());
        ObjectNode status = req.putObject("by_status");
        sums(byStatus).forEach((k, v) -> status.put(String.valueOf(k), v));
        req.put("body_bytes", bytesReceived.sum());
        ObjectNode unavail = req.putObject("unavailable_by_cause");
        for (Unavailable u : Unavailable.values()) {
            unavail.put(u.code(), unavailable(u));
        }
        ObjectNode ev = n.putObject("events");
        ev.put("received", eventsReceived.sum());
        ev.put("accepted", eventsAccepted.sum());
        ev.put("rejected", eventsRejected.sum());
        ObjectNode reasons = ev.putObject("rejected_by_reason");
        rejectedByReason().forEach(reasons::put);
        ev.put("rate_limited", eventsRateLimited.sum());
        ObjectNode byClient = n.putObject("clients");
        new TreeMap<>(clients).forEach((id, c) -> {
            ObjectNode o = byClient.putObject(id);
            o.put("events_accepted", c.accepted.sum());
            o.put("events_rejected", c.rejected.sum());
            o.put("events_rate_limited", c.rateLimited.sum());
        });
        ObjectNode kafka = n.putObject("kafka");
        kafka.put("records_in_flight", recordsInFlight());
        kafka.put("records_in_flight_peak", recordsInFlightPeak());
        kafka.put("max_in_flight", maxInFlight);
        return n.toString();
    }

    /** One line for the log at shutdown: counts only, never a payload. */
    String summary() {
        Map<String, Long> causes = new TreeMap<>();
        for (Unavailable u : Unavailable.values()) {
            long c = unavailable(u);
            if (c > 0) {
                causes.put(u.code(), c);
            }
        }
        return "requests " + requests.sum() + " " + sums(byStatus) + ", events received " + eventsReceived.sum()
                + ", accepted " + eventsAccepted.sum() + ", rejected " + eventsRejected.sum() + " "
                + rejectedByReason() + (eventsRateLimited.sum() == 0 ? "" : ", rate limited " + eventsRateLimited.sum())
                + (causes.isEmpty() ? "" : ", 503 causes " + causes);
    }

    private static <K extends Comparable<K>> Map<K, Long> sums(Map<K, LongAdder> m) {
        Map<K, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
