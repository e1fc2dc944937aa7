package org.civicinsights.catalog.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint's decisions ({@code POST /v1/oauth/tokens}), as Iceberg's REST client uses
 * it (OAuth2Util): the client credentials grant (RFC 6749 4.4) to get a token, and the token
 * exchange grant (RFC 8693) to refresh one before it expires, authenticated either by that same
 * valid token or, once it has expired, by the client's credentials (HTTP Basic).
 */
final class TokenGrants {
    private static final Logger LOG = LoggerFactory.getLogger(TokenGrants.class);

    static final String CLIENT_CREDENTIALS = "client_credentials";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    /** Iceberg's default scope; the only one: every client may use the whole catalog. */
    static final String CATALOG_SCOPE = "catalog";

    /** What the endpoint answers. */
    sealed interface Outcome permits Granted, Refused {}

    record Granted(String clientId, AccessTokens.IssuedToken token) implements Outcome {}

    /** An OAuth2 error (RFC 6749 5.2): 401 for {@code invalid_client}, else 400. */
    record Refused(int status, String error, String description) implements Outcome {
        static Refused invalidClient(String description) {
            return new Refused(401, "invalid_client", description);
        }

        static Refused badRequest(String error, String description) {
            return new Refused(400, error, description);
        }
    }

    /** A client id and secret from an {@code Authorization: Basic} header. */
    record ClientSecret(String clientId, String secret) {}

    private final ClientRegistry clients;
    private final AccessTokens tokens;
    private final BearerCheck bearer;

    TokenGrants(ClientRegistry clients, AccessTokens tokens) {
        this.clients = clients;
        this.tokens = tokens;
        this.bearer = new BearerCheck(clients, tokens);
    }

    BearerCheck bearer() {
        return bearer;
    }

    /** The answer to a token request: its form parameters and its Authorization header (or null). */
    Outcome grant(Map<String, String> form, String authorization) {
        Outcome o = decide(form, authorization);
        if (o instanceof Refused r) {
            // the client id is no secret; the form's secrets and tokens are never logged
            LOG.warn(
                    "token request refused ({} {}, grant {}, client {}): {}",
                    r.status(),
                    r.error(),
                    form.get("grant_type"),
                    claimedClient(form, authorization),
                    r.description());
        } else if (o instanceof Granted g) {
            LOG.info("token issued to {} ({})", g.clientId(), form.get("grant_type"));
        }
        return o;
    }

    private Outcome decide(Map<String, String> form, String authorization) {
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return Refused.badRequest("invalid_request", "grant_type is missing");
        }
        if (!scopeAllowed(form.get("scope"))) {
            return Refused.badRequest("invalid_scope", "the only scope is '" + CATALOG_SCOPE + "'");
        }
        return switch (grantType) {
            case CLIENT_CREDENTIALS -> clientCredentials(form, authorization);
            case TOKEN_EXCHANGE -> tokenExchange(form, authorization);
            default -> Refused.badRequest("unsupported_grant_type", "grant types: client_credentials, token exchange");
        };
    }

    private Outcome clientCredentials(Map<String, String> form, String authorization) {
        Optional<ClientSecret> basic = basicCredentials(authorization);
        String id = basic.map(ClientSecret::clientId).orElse(form.get("client_id"));
        String secret = basic.map(ClientSecret::secret).orElse(form.get("client_secret"));
        if (id == null || secret == null) {
            return Refused.invalidClient("client_id and client_secret are required");
        }
        if (!clients.authenticate(id, secret)) {
            return Refused.invalidClient("unknown client or wrong secret");
        }
        return issue(id);
    }

    private Outcome tokenExchange(Map<String, String> form, String authorization) {
        String subjectToken = form.get("subject_token");
        if (subjectToken == null) {
            return Refused.badRequest("invalid_request", "subject_token is missing");
        }
        if (!Set.of(ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE).contains(form.get("subject_token_type"))) {
            return Refused.badRequest("invalid_request", "subject_token_type must be an access token or a JWT");
        }
        if (form.containsKey("actor_token")) {
            return Refused.badRequest("invalid_request", "delegation (actor_token) is not supported");
        }
        Optional<AccessTokens.AccessToken> subject = tokens.verifyIgnoringExpiry(subjectToken);
        Optional<ClientSecret> basic = basicCredentials(authorization);
        if (basic.isPresent()) {
            // an expired token, renewed by its client proving itself with its secret; also a token
            // signed with a signing key since replaced: the client is who its credentials say
            if (!clients.authenticate(basic.get().clientId(), basic.get().secret())) {
                return Refused.invalidClient("unknown client or wrong secret");
            }
            if (subject.isPresent()
                    && !basic.get().clientId().equals(subject.get().clientId())) {
                return Refused.badRequest("invalid_grant", "the subject token belongs to another client");
            }
            return issue(basic.get().clientId());
        }
        if (subject.isEmpty()) {
            return Refused.badRequest("invalid_grant", "the subject token was not issued by this catalog");
        }
        String owner = subject.get().clientId();
        // a refresh before expiry: the caller holds a valid token of the same client
        Optional<String> caller = bearer.client(authorization);
        if (caller.isEmpty()) {
            return Refused.invalidClient("authenticate with a valid access token or the client's credentials");
        }
        if (bearer.validToken(subjectToken).isEmpty() || !caller.get().equals(owner)) {
            return Refused.badRequest("invalid_grant", "the subject token is expired, revoked or another client's");
        }
        return issue(owner);
    }

    private Outcome issue(String clientId) {
        return clients.fingerprint(clientId)
                .<Outcome>map(version -> new Granted(clientId, tokens.issue(clientId, version, CATALOG_SCOPE)))
                .orElseGet(() -> Refused.invalidClient("unknown client"));
    }

    /** No scope, or only Iceberg's default {@code catalog} (repeated or not). */
    static boolean scopeAllowed(String scope) {
        if (scope == null || scope.isBlank()) {
            return true;
        }
        for (String s : scope.strip().split(" +")) {
            if (!s.equals(CATALOG_SCOPE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The id and secret of a Basic authorization header. Iceberg's client sends {@code id:secret}
     * base64-encoded as they are (not form-encoded first, as RFC 6749 2.3.1 would have it), so
     * they are not decoded further: the stack's ids and secrets need no encoding anyway.
     */
    static Optional<ClientSecret> basicCredentials(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.strip();
        if (h.length() <= 6 || !h.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return Optional.empty();
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0
                    ? Optional.empty()
                    : Optional.of(new ClientSecret(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** For the log: the client a request says it is (unverified), never its secret. */
    private static String claimedClient(Map<String, String> form, String authorization) {
        String id =
                basicCredentials(authorization).map(ClientSecret::clientId).orElse(form.getOrDefault("client_id", "-"));
        return ClientsFile.CLIENT_ID.matcher(id).matches() ? id : "(not a client id)";
    }
}
