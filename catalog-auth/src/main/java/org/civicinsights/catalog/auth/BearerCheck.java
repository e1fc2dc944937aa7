package org.civicinsights.catalog.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request carries a valid access token: signed by this catalog, not expired, and issued
 * to a client that still exists with the secret it had then (rotating a client's secret, or
 * removing the client, ends its tokens at once).
 */
final class BearerCheck {
    private final ClientRegistry clients;
    private final AccessTokens tokens;

    BearerCheck(ClientRegistry clients, AccessTokens tokens) {
        this.clients = clients;
        this.tokens = tokens;
    }

    /** The client an {@code Authorization: Bearer <token>} header authenticates; empty for anything else. */
    Optional<String> client(String authorization) {
        return bearerToken(authorization).flatMap(this::validToken).map(AccessTokens.AccessToken::clientId);
    }

    /** The token, if valid now and its client's secret unchanged since it was issued. */
    Optional<AccessTokens.AccessToken> validToken(String token) {
        return tokens.verify(token).filter(this::clientUnchanged);
    }

    boolean clientUnchanged(AccessTokens.AccessToken t) {
        return clients.fingerprint(t.clientId())
                .filter(f -> f.equals(t.clientVersion()))
                .isPresent();
    }

    /** The token of a Bearer authorization header (the scheme is case-insensitive, RFC 7235). */
    static Optional<String> bearerToken(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.strip();
        if (h.length() <= 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
