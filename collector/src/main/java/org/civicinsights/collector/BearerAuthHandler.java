package org.civicinsights.collector;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} of a client of the clients file,
 * and attaches that client to the exchange ({@link #CLIENT}); otherwise answers 401 at once, before the body
 * is read and before the request takes one of the {@code collector.max-concurrent-requests} slots.
 */
final class BearerAuthHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthHandler.class);
    static final AttachmentKey<ClientsFile.Client> CLIENT = AttachmentKey.create(ClientsFile.Client.class);
    /** Tokens made by --new-client have 43 characters; a longer one is not worth hashing. */
    private static final int MAX_TOKEN_CHARS = 512;

    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClientsFile clients;
    private final HttpHandler next;
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong refusedSinceWarn = new AtomicLong();

    BearerAuthHandler(ClientsFile clients, HttpHandler next) {
        this.clients = clients;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        HeaderValues values = ex.getRequestHeaders().get(Headers.AUTHORIZATION);
        if (values == null || values.isEmpty()) {
            refuse(
                    ex,
                    "authentication required: send 'Authorization: Bearer <token>' with the token of your client",
                    false,
                    "no Authorization header");
            return;
        }
        if (values.size() > 1) {
            refuse(ex, "send exactly one Authorization header", false, "several Authorization headers");
            return;
        }
        String header = values.getFirst().strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            refuse(ex, "the Authorization header must be 'Bearer <token>'", false, "not a Bearer Authorization header");
            return;
        }
        String token = header.substring(space + 1).strip();
        Optional<ClientsFile.Client> client =
                token.isEmpty() || token.length() > MAX_TOKEN_CHARS ? Optional.empty() : clients.authenticate(token);
        if (client.isEmpty()) {
            refuse(ex, "the bearer token is not valid (unknown, revoked or mistyped)", true, "unknown bearer token");
            return;
        }
        ex.putAttachment(CLIENT, client.get());
        next.handleRequest(ex);
    }

    private void refuse(HttpServerExchange ex, String message, boolean invalidToken, String why) {
        long refused = refusedSinceWarn.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarn.get();
        // at most one line every 10 s, so a scan of the endpoint cannot flood the log; never the token
        if (now - last >= WARN_INTERVAL_NANOS && lastWarn.compareAndSet(last, now)) {
            refusedSinceWarn.addAndGet(-refused);
            LOG.warn(
                    "request {}: answered 401, {}; {} request(s) refused 401 since the last such line"
                            + " (logged at most every 10 s)",
                    ex.getResponseHeaders().getFirst(Responses.REQUEST_ID),
                    why,
                    refused);
        }
        Responses.unauthorized(ex, message, invalidToken);
    }
}
