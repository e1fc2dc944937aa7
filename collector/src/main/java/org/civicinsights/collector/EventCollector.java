package org.civicinsights.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.server.handlers.RequestLimit;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.civicinsights.collector.CollectorMetrics.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP event collector: an Undertow server in front of an idempotent Kafka producer.
 *
 * <pre>{@code
 * try (EventCollector c = EventCollector.start(CollectorSettings.of(Map.of("kafka.bootstrap", "127.0.0.1:9092")))) {
 *     // POST http://127.0.0.1:8088/v1/events
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down gracefully: new requests get 503, requests in progress finish (their
 * records acknowledged by Kafka) within {@code collector.shutdown-timeout-ms}, then the producer is
 * flushed and closed and the listener stops. A request answered 202 is never lost; one cut short by the
 * timeout is answered 503 so its client retries.
 */
public final class EventCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventCollector.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Requests waiting for a free slot when {@code collector.max-concurrent-requests} are in progress. */
    static final int REQUEST_QUEUE = 1000;

    static final String EVENTS_PATH = "/v1/events";

    private final CollectorSettings settings;
    private final CollectorMetrics metrics = new CollectorMetrics();
    private final KafkaPublisher publisher;
    private final KafkaHealth health;
    /** POST /v1/events from the route on: 100-continue, authentication, the concurrency limit, the handler. */
    private final HttpHandler events;

    private final RequestLimit limit;
    private final RateLimiter rateLimiter;
    private final Undertow server;
    private final int port;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopping;

    private EventCollector(CollectorSettings settings, ClientsFile clients, SSLContext ssl) {
        this.settings = settings;
        this.rateLimiter = RateLimiter.create(settings, clients);
        this.publisher = new KafkaPublisher(settings);
        KafkaHealth h = null;
        Undertow u = null;
        try {
            h = new KafkaHealth(settings);
            publisher.listen(h::recordAcknowledged, h::recordFailed);
            metrics.bindInFlight(publisher::inFlight, publisher::peak, publisher.maxInFlight());
            this.limit = new RequestLimit(settings.maxConcurrentRequests(), REQUEST_QUEUE);
            limit.setFailureHandler(ex -> {
                metrics.countUnavailable(Unavailable.QUEUE_FULL);
                Responses.unavailable(ex, "the collector is busy: too many requests waiting; retry later", 1);
            });
            HttpHandler handler = new EventsHandler(settings, publisher, h, metrics, rateLimiter);
            HttpHandler limited = ex -> limit.handleRequest(ex, handler);
            // authentication first: a request without a valid token never waits for a slot or sends its body.
            // "Expect: 100-continue" (curl for large bodies, many HTTP libraries) is answered when the body is
            // first read, so a request refused from its headers (401, 415, 413 by Content-Length) is never sent
            this.events =
                    new HttpContinueReadHandler(clients == null ? limited : new BearerAuthHandler(clients, limited));
            long idleMs = Math.max(30_000, settings.ackTimeoutMs() + 10_000);
            Undertow.Builder builder = Undertow.builder();
            if (ssl != null) {
                builder.addHttpsListener(settings.port(), settings.host(), ssl);
            } else {
                builder.addHttpListener(settings.port(), settings.host());
            }
            u = builder.setWorkerThreads(settings.workerThreads())
                    .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                    .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                    .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, idleMs))
                    .setHandler(this::route)
                    .build();
            u.start();
        } catch (RuntimeException e) {
            publisher.close(Duration.ZERO);
            if (h != null) {
                h.close();
            }
            if (u != null) {
                u.stop();
            }
            throw new IllegalStateException(
                    "cannot start the collector on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(),
                    e);
        }
        this.health = h;
        this.server = u;
        this.port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Reads the clients file and the TLS keystore (if set), starts listening, checks (and warns about) the
     * topics; returns once requests are served.
     *
     * @throws IllegalArgumentException if the clients file or the keystore is not usable (file and line named)
     */
    public static EventCollector start(CollectorSettings settings) {
        // both read before anything starts: a bad file stops the collector instead of leaving it half open
        ClientsFile clients = settings.clientsFile() == null ? null : ClientsFile.load(settings.clientsFile());
        SSLContext ssl = settings.tlsKeystore() == null
                ? null
                : Tls.serverContext(settings.tlsKeystore(), settings.tlsKeystorePassword());
        EventCollector c = new EventCollector(settings, clients, ssl);
        for (String problem : c.health.topicProblems(List.of(settings.topic(), settings.rejectedTopic()))) {
            LOG.warn("{}: requests will be answered 503 until this is fixed", problem);
        }
        LOG.info(
                "collector listening on {}://{}:{}{}, Kafka {} topic {} (rejected: {})",
                ssl == null ? "http" : "https",
                settings.host(),
                c.port,
                EVENTS_PATH,
                settings.bootstrap(),
                settings.topic(),
                settings.rejectedTopic());
        LOG.info("settings {}", settings.describe());
        if (clients == null) {
            LOG.warn(
                    "authentication is off: {} is not set, so anyone who can reach {}:{} may post events; set it for"
                            + " any deployment beyond the local stack",
                    CollectorSettings.CLIENTS_FILE,
                    settings.host(),
                    c.port);
            if (c.rateLimiter.limitsAnything()) {
                LOG.info(
                        "rate limit: {}/s (burst {} events) shared by all callers",
                        RateLimiter.format(settings.defaultRate()),
                        RateLimiter.format(c.rateLimiter.bucket(null).capacity()));
            }
        } else {
            if (clients.clients().isEmpty()) {
                LOG.warn(
                        "the clients file {} lists no client: every request to {} is answered 401",
                        clients.source(),
                        EVENTS_PATH);
            } else {
                LOG.info(
                        "authentication on: {} client(s) from {}: {}",
                        clients.clients().size(),
                        clients.source(),
                        c.rateLimiter.describe(clients));
            }
        }
        return c;
    }

    /** The port listened on (useful with {@code collector.port=0}). */
    public int port() {
        return port;
    }

    public CollectorSettings settings() {
        return settings;
    }

    public CollectorMetrics metrics() {
        return metrics;
    }

    private void route(HttpServerExchange ex) throws Exception {
        activeRequests.incrementAndGet();
        ex.addExchangeCompleteListener((done, next) -> {
            activeRequests.decrementAndGet();
            metrics.request(done.getStatusCode());
            next.proceed();
        });
        String path = ex.getRequestPath();
        if (stopping) { // read after counting the request: close() either sees it or it sees stopping
            metrics.countUnavailable(Unavailable.STOPPING);
            if (path.equals("/health")) {
                ex.getResponseHeaders().put(Headers.RETRY_AFTER, 5);
                Responses.json(ex, 503, "{\"status\":\"stopping\"}");
            } else {
                Responses.unavailable(ex, "the collector is shutting down; retry later", 5);
            }
            return;
        }
        switch (path) {
            case EVENTS_PATH -> {
                if (!ex.getRequestMethod().equals(Methods.POST)) {
                    Responses.methodNotAllowed(ex, "POST");
                } else {
                    // set here so that a 401 carries it too
                    ex.getResponseHeaders()
                            .put(Responses.REQUEST_ID, UUID.randomUUID().toString());
                    events.handleRequest(ex);
                }
            }
            case "/health" -> {
                if (!ex.getRequestMethod().equals(Methods.GET)) {
                    Responses.methodNotAllowed(ex, "GET");
                } else {
                    ex.dispatch(this::health);
                }
            }
            case "/metrics" -> {
                if (!ex.getRequestMethod().equals(Methods.GET)) {
                    Responses.methodNotAllowed(ex, "GET");
                } else {
                    ex.dispatch(e -> Responses.json(e, 200, metrics.toJson()));
                }
            }
            default ->
                Responses.error(
                        ex,
                        404,
                        "no such endpoint; the collector serves POST " + EVENTS_PATH
                                + ", GET /health and GET /metrics");
        }
    }

    private void health(HttpServerExchange ex) {
        KafkaHealth.Snapshot s = health.check();
        ObjectNode n = MAPPER.createObjectNode();
        if (s.state() == KafkaHealth.State.UP) {
            n.put("status", "ok");
            Responses.json(ex, 200, n.toString());
        } else {
            n.put("status", "unavailable");
            n.put("detail", s.detail());
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, 5);
            Responses.json(ex, 503, n.toString());
        }
    }

    /**
     * Graceful shutdown, idempotent: refuses new requests (503), waits for the requests in progress and
     * their Kafka acknowledgements, flushes and closes the producer, stops listening, logs a summary.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitTermination();
            return;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMs());
            stopping = true;
            LOG.info(
                    "stopping: new requests are refused; waiting up to {} ms for {} request(s) in progress",
                    settings.shutdownTimeoutMs(),
                    activeRequests.get());
            boolean drained = waitForRequests(deadline);
            long leftMs = Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            // sends what is buffered and waits for it; records still unacknowledged after that fail,
            // and their requests are answered 503
            publisher.close(Duration.ofMillis(leftMs));
            if (!drained) {
                LOG.warn(
                        "{} request(s) still in progress after {} ms; they are answered 503",
                        activeRequests.get(),
                        settings.shutdownTimeoutMs());
                waitForRequests(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
            }
            server.stop();
            health.close();
            LOG.info("collector stopped: {}", metrics.summary());
        } finally {
            terminated.countDown();
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitForRequests(long deadlineNanos) {
        while (activeRequests.get() > 0) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
