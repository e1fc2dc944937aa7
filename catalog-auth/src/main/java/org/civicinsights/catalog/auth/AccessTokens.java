package org.civicinsights.catalog.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The catalog's access tokens: JWTs (RFC 9068 type {@code at+jwt}) signed with HMAC-SHA256 under
 * the catalog's signing key, by nimbus-jose-jwt. They name the client ({@code sub}), carry the
 * fingerprint of its stored secret ({@code cv}, see {@link ClientSecretHash#fingerprint}) and
 * expire ({@code exp}); Iceberg's REST client reads {@code exp} to refresh them in time.
 */
final class AccessTokens {
    static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    static final String AUDIENCE = "iceberg-rest-catalog";
    static final String CLIENT_VERSION = "cv";
    static final String SCOPE = "scope";
    /** The shortest key HS256 accepts (RFC 7518 section 3.2): 256 bits. */
    static final int MIN_KEY_BYTES = 32;

    /** A token checked and still valid: whose it is, and the fingerprint of the secret it was issued under. */
    record AccessToken(String clientId, String clientVersion, Instant expiresAt) {}

    /** A new token and its lifetime in seconds (the token endpoint's {@code expires_in}). */
    record IssuedToken(String value, long expiresInSeconds) {}

    private final MACSigner signer;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> valid;
    private final DefaultJWTProcessor<SecurityContext> signedByUs;

    AccessTokens(byte[] key, String issuer, Duration lifetime, Clock clock) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the token signing key must have at least " + MIN_KEY_BYTES + " bytes, it has " + key.length);
        }
        if (lifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("tokens must live at least one second, not " + lifetime);
        }
        try {
            this.signer = new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token signing key", e);
        }
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
        JWTClaimsSet exact =
                new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).build();
        Set<String> required = Set.of("sub", "exp", "iat", "jti", CLIENT_VERSION);
        DefaultJWTClaimsVerifier<SecurityContext> notExpired =
                new DefaultJWTClaimsVerifier<>(AUDIENCE, exact, required) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        // one clock (this one) issues and checks the tokens: no skew to allow for
        notExpired.setMaxClockSkew(0);
        this.valid = processor(key, notExpired);
        this.signedByUs = processor(key, (claims, context) -> {
            // the same checks but the dates: for a refresh of an expired token by its client
            if (!issuer.equals(claims.getIssuer())
                    || claims.getAudience() == null
                    || !claims.getAudience().contains(AUDIENCE)
                    || claims.getSubject() == null
                    || claims.getClaim(CLIENT_VERSION) == null) {
                throw new BadJWTException("not one of our access tokens");
            }
        });
    }

    private static DefaultJWTProcessor<SecurityContext> processor(
            byte[] key, JWTClaimsSetVerifier<SecurityContext> claims) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)));
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /** A token for this client, valid for the configured lifetime from now. */
    IssuedToken issue(String clientId, String clientVersion, String scope) {
        Instant now = clock.instant();
        // JWT dates are whole seconds: issued at the second begun, so the token's exp is never later
        // than the expires_in the client is told (whole seconds left, rounded down)
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(clientId)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim(CLIENT_VERSION, clientVersion)
                .claim(SCOPE, scope)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return new IssuedToken(jwt.serialize(), Duration.between(now, expiresAt).toSeconds());
    }

    /** The token, if it is ours (signature, type, issuer, audience) and has not expired. */
    Optional<AccessToken> verify(String token) {
        return process(valid, token);
    }

    /** The token, if it is ours, expired or not (a client refreshing it proves itself with its secret). */
    Optional<AccessToken> verifyIgnoringExpiry(String token) {
        return process(signedByUs, token);
    }

    private static Optional<AccessToken> process(DefaultJWTProcessor<SecurityContext> processor, String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Date exp = claims.getExpirationTime();
            return Optional.of(new AccessToken(
                    claims.getSubject(),
                    claims.getStringClaim(CLIENT_VERSION),
                    exp == null ? Instant.MAX : exp.toInstant()));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Optional.empty();
        }
    }
}
