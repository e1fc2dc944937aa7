package org.civicinsights.collector;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civicinsights.collector.CollectorMetrics.Unavailable;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.ParseOutcome;
import org.civicinsights.common.event.ProducerRejection;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: one event object or a JSON array of events.
 *
 * <p>The body is read without blocking on the IO thread, with a size limit; everything else runs on
 * a worker thread. Each event is checked with the contract's codec; valid events go to the
 * interactions topic (key = {@code event_id}, value = the event as compact JSON), invalid ones to the
 * rejected-records topic as a {@link ProducerRejection}. The answer (202) is sent only when Kafka has
 * acknowledged every record of the request; otherwise 503 with {@code Retry-After}.
 *
 * <p>When authentication is on, {@link BearerAuthHandler} has already checked the caller and attached its
 * client. The client's rate limit is applied to the number of events, once the body is parsed and before
 * anything is sent: a request over the limit is answered 429 and nothing of it reaches Kafka.
 */
final class EventsHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);
    static final String SOURCE = "collector";
    /** Reason of a valid event too large to forward ({@code collector.max-event-bytes}); not a contract reason. */
    static final String EVENT_TOO_LARGE = "event_too_large";
    /** A rejected record's raw payload is cut to this many characters, so the envelope fits in a Kafka message. */
    static final int MAX_RAW_PAYLOAD_CHARS = 64 * 1024;

    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Numbers keep their exact text (12.50 stays 12.50): the event is forwarded as sent, only compacted. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final ObjectReader READER = MAPPER.reader();

    private final CollectorSettings settings;
    private final KafkaPublisher publisher;
    private final KafkaHealth health;
    private final CollectorMetrics metrics;
    private final RateLimiter rateLimiter;
    /** The codec's pseudonymiser is not thread-safe: one codec per worker thread. Its output is never used. */
    private final ThreadLocal<InteractionEventCodec> codec;

    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    /** Last 429 log line per client ("" without authentication), so a client hammering its limit is logged rarely. */
    private final Map<String, AtomicLong> lastRateLimitLog = new ConcurrentHashMap<>();

    EventsHandler(
            CollectorSettings settings,
            KafkaPublisher publisher,
            KafkaHealth health,
            CollectorMetrics metrics,
            RateLimiter rateLimiter) {
        this.settings = settings;
        this.publisher = publisher;
        this.health = health;
        this.metrics = metrics;
        this.rateLimiter = rateLimiter;
        // validation only: a throw-away key, so nothing this codec computes could ever be joined with the lake
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.codec = ThreadLocal.withInitial(
                () -> new InteractionEventCodec(new CitizenPseudonymiser(key), Clock.systemUTC()));
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        String requestId = ex.getResponseHeaders().getFirst(Responses.REQUEST_ID); // set by the route
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
            ex.getResponseHeaders().put(Responses.REQUEST_ID, requestId);
        }
        String problem = contentProblem(ex);
        if (problem != null) {
            Responses.error(ex, 415, problem);
            return;
        }
        Receiver receiver = ex.getRequestReceiver();
        receiver.setMaxBufferSize(settings.maxBodyBytes());
        String id = requestId;
        receiver.receiveFullBytes((e, body) -> e.dispatch(() -> process(e, id, body)), (e, error) -> {
            e.setPersistent(false); // the rest of the body is not read: do not reuse the connection
            if (error instanceof Receiver.RequestToLargeException) {
                Responses.error(
                        e,
                        413,
                        "request body is larger than " + settings.maxBodyBytes()
                                + " bytes (collector.max-body-bytes); send fewer events per request");
            } else {
                LOG.debug("request {}: body not read: {}", id, error.toString());
                e.endExchange();
            }
        });
    }

    /** Why the request's content type or encoding is not acceptable, or null. */
    static String contentProblem(HttpServerExchange ex) {
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String expected = "Content-Type must be application/json (UTF-8)";
        if (type == null) {
            return expected + "; the request has none";
        }
        String[] parts = type.split(";");
        if (!parts[0].strip().equalsIgnoreCase(Responses.JSON)) {
            return expected + ", got " + printable(parts[0].strip());
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String charset = p.substring(eq + 1).strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return expected + ", got charset " + printable(charset);
                }
            }
        }
        String encoding = ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            return "Content-Encoding " + printable(encoding.strip()) + " is not supported; send the body uncompressed";
        }
        return null;
    }

    /** A header value shown in a message: short and plain. */
    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    /** On a worker thread. Never throws: a bug answers 500, bad input never does. */
    private void process(HttpServerExchange ex, String requestId, byte[] body) {
        ClientsFile.Client caller = ex.getAttachment(BearerAuthHandler.CLIENT);
        String client = caller == null ? null : caller.id();
        try {
            List<JsonNode> items = items(ex, body);
            if (items == null) {
                return; // answered
            }
            metrics.received(items.size(), body.length);
            LOG.debug("request {} from client {}: {} event(s)", requestId, who(client), items.size());
            long waitNanos = rateLimiter.tryAcquire(client, items.size());
            if (waitNanos > 0) {
                rateLimited(ex, requestId, client, items.size(), waitNanos);
                return;
            }
            Batch batch = validate(requestId, client, items);
            if (health.knownDown()) {
                rateLimiter.giveBack(client, items.size()); // nothing stored: the retry must not pay twice
                metrics.countUnavailable(Unavailable.KAFKA_DOWN);
                Responses.unavailable(ex, "Kafka is not reachable; nothing was stored, retry later", 5);
                return;
            }
            CompletableFuture<Void> acked;
            try {
                acked = publisher.sendAll(batch.records);
            } catch (KafkaPublisher.Busy busy) {
                rateLimiter.giveBack(client, items.size());
                metrics.countUnavailable(Unavailable.BUSY);
                Responses.unavailable(
                        ex, "the collector is busy: " + busy.getMessage() + "; nothing was stored, retry later", 1);
                return;
            }
            Executor worker = ex.getConnection().getWorker();
            acked.orTimeout(settings.ackTimeoutMs(), TimeUnit.MILLISECONDS)
                    .whenCompleteAsync((ok, error) -> answer(ex, client, batch, error), worker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.countUnavailable(Unavailable.STOPPING);
            Responses.unavailable(ex, "the collector is shutting down", 5);
        } catch (RuntimeException | Error e) {
            LOG.error("request {} (client {}): unexpected failure", requestId, who(client), e);
            if (!ex.isResponseStarted()) {
                Responses.error(ex, 500, "internal error; the request id is in the collector's log");
            } else {
                ex.endExchange();
            }
        }
    }

    /** 429: nothing of the request was validated or sent. */
    private void rateLimited(HttpServerExchange ex, String requestId, String client, int events, long waitNanos) {
        TokenBucket bucket = rateLimiter.bucket(client);
        long retryAfter = RateLimiter.retryAfterSeconds(waitNanos);
        String limit = RateLimiter.format(bucket.rate()) + " event(s) per second, bursts of up to "
                + RateLimiter.format(bucket.capacity());
        String key = client == null ? "" : client;
        AtomicLong last =
                lastRateLimitLog.computeIfAbsent(key, k -> new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS));
        long now = System.nanoTime();
        long before = last.get();
        if (now - before >= WARN_INTERVAL_NANOS && last.compareAndSet(before, now)) {
            LOG.info(
                    "request {}: client {} over its rate limit ({}): answered 429 (logged at most every 10 s per client;"
                            + " see /metrics)",
                    requestId,
                    who(client),
                    limit);
        }
        metrics.rateLimited(client, events);
        Responses.tooManyRequests(
                ex,
                (client == null
                                ? "rate limit exceeded: all callers together may send " + limit + " ("
                                        + CollectorSettings.DEFAULT_RATE + ")"
                                : "rate limit exceeded for client '" + client + "': " + limit)
                        + "; this request has " + events + " event(s) and none was stored; retry after " + retryAfter
                        + " s",
                retryAfter);
    }

    /** The events of the body, or null after answering 400/413. */
    private List<JsonNode> items(HttpServerExchange ex, byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : READER.readTree(body);
        } catch (JsonProcessingException e) {
            // not Jackson's message: it quotes the input, which may hold personal data
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            Responses.error(ex, 400, "request body is not valid JSON" + where);
            return null;
        } catch (IOException e) {
            Responses.error(ex, 400, "request body could not be read as JSON");
            return null;
        }
        if (root == null || root.isMissingNode()) {
            Responses.error(ex, 400, "request body is empty; send one event (a JSON object) or a JSON array of events");
            return null;
        }
        if (root.isObject()) {
            return List.of(root);
        }
        if (!root.isArray()) {
            Responses.error(
                    ex,
                    400,
                    "request body must be one event (a JSON object) or a JSON array of events, not "
                            + root.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        if (root.isEmpty()) {
            Responses.error(ex, 400, "the array of events is empty");
            return null;
        }
        if (root.size() > settings.maxBatch()) {
            Responses.error(
                    ex,
                    413,
                    "a request may carry at most " + settings.maxBatch()
                            + " events (collector.max-batch), this one has " + root.size() + "; split it");
            return null;
        }
        List<JsonNode> items = new ArrayList<>(root.size());
        root.forEach(items::add);
        return items;
    }

    /** Per-event outcome: {@code eventId} for an accepted event, {@code reason} for a rejected one. */
    private record Result(String eventId, String reason, String detail) {}

    private record Batch(String requestId, List<Result> results, List<ProducerRecord<String, String>> records) {}

    /**
     * @param client the authenticated client: it leads the rejections' {@code source_record}
     *               ({@code portal/<request id>/<index>}), so a rejected event can be traced to its sender
     */
    private Batch validate(String requestId, String client, List<JsonNode> items) {
        String recordPrefix = client == null ? requestId + "/" : client + "/" + requestId + "/";
        InteractionEventCodec c = codec.get();
        List<Result> results = new ArrayList<>(items.size());
        List<ProducerRecord<String, String>> records = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String text = compact(item);
            ParseOutcome outcome = c.parse(text);
            String reason;
            String detail;
            if (outcome.isAccepted()) {
                int size = utf8Length(text);
                if (size <= settings.maxEventBytes()) {
                    String eventId = item.get("event_id").textValue(); // the key, as the producer wrote it
                    results.add(new Result(eventId, null, null));
                    records.add(new ProducerRecord<>(settings.topic(), eventId, text));
                    continue;
                }
                reason = EVENT_TOO_LARGE;
                detail = "the event is " + size + " bytes, more than " + settings.maxEventBytes()
                        + " (collector.max-event-bytes)";
            } else {
                reason = outcome.rejection().reason().code();
                detail = outcome.rejection().detail(); // scrubbed by the codec: no fiscal code
            }
            results.add(new Result(null, reason, detail));
            String payload = text;
            if (payload.length() > MAX_RAW_PAYLOAD_CHARS) {
                int cut = MAX_RAW_PAYLOAD_CHARS;
                if (Character.isHighSurrogate(payload.charAt(cut - 1))) {
                    cut--;
                }
                detail = detail + " (raw_payload cut to " + cut + " of " + payload.length() + " characters)";
                payload = payload.substring(0, cut);
            }
            ProducerRejection rejection =
                    new ProducerRejection(SOURCE, recordPrefix + i, reason, detail, payload, Instant.now());
            records.add(new ProducerRecord<>(settings.rejectedTopic(), rejection.key(), rejection.toJson()));
        }
        return new Batch(requestId, results, records);
    }

    private static String compact(JsonNode item) {
        try {
            return MAPPER.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written", e);
        }
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** On a worker thread, once Kafka has acknowledged every record or one failed or the time ran out. */
    private void answer(HttpServerExchange ex, String client, Batch batch, Throwable error) {
        try {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                boolean timeout = cause instanceof TimeoutException;
                metrics.countUnavailable(timeout ? Unavailable.ACK_TIMEOUT : Unavailable.KAFKA_ERROR);
                warnRarely(batch.requestId(), client, cause);
                Responses.unavailable(
                        ex,
                        timeout
                                ? "Kafka did not acknowledge the events within " + settings.ackTimeoutMs()
                                        + " ms; retry later"
                                        + " (events already stored are dropped as duplicates by event_id)"
                                : "Kafka did not store the events ("
                                        + cause.getClass().getSimpleName() + "); retry later"
                                        + " (events already stored are dropped as duplicates by event_id)",
                        5);
                return;
            }
            ObjectNode n = MAPPER.createObjectNode();
            n.put("request_id", batch.requestId());
            ArrayNode results = MAPPER.createArrayNode();
            int accepted = 0;
            int rejected = 0;
            for (int i = 0; i < batch.results().size(); i++) {
                Result r = batch.results().get(i);
                ObjectNode o = results.addObject();
                o.put("index", i);
                if (r.eventId() != null) {
                    accepted++;
                    o.put("event_id", r.eventId());
                    o.put("status", "accepted");
                } else {
                    rejected++;
                    o.put("status", "rejected");
                    o.put("reason", r.reason());
                    o.put("detail", r.detail());
                    metrics.rejected(r.reason());
                }
            }
            metrics.accepted(accepted);
            metrics.byClient(client, accepted, rejected);
            n.put("accepted", accepted);
            n.put("rejected", rejected);
            n.set("results", results);
            Responses.json(ex, 202, n.toString());
        } catch (RuntimeException e) {
            LOG.error("request {} (client {}): could not answer", batch.requestId(), who(client), e);
            ex.endExchange();
        }
    }

    /** A client for the log: its id, never its token. */
    private static String who(String client) {
        return client == null ? "(anonymous)" : client;
    }

    private void warnRarely(String requestId, String client, Throwable cause) {
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarn.compareAndSet(last, now)) {
            LOG.warn(
                    "request {} (client {}): answered 503, Kafka did not acknowledge: {} (logged at most every 10 s;"
                            + " see /metrics)",
                    requestId,
                    who(client),
                    cause.toString());
        }
    }
}
