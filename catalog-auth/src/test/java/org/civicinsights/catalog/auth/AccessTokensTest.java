package org.civicinsights.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.civicinsights.common.testing.ManualClock;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
    static final byte[] KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG".getBytes(StandardCharsets.UTF_8);
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
    final AccessTokens tokens = new AccessTokens(KEY, "civic-catalog", Duration.ofMinutes(60), clock);

    @Test
    void anIssuedTokenNamesItsClientAndSecretVersionUntilItExpires() {
        AccessTokens.IssuedToken issued = tokens.issue("civic-ingest", "v1", "catalog");
        assertThat(issued.expiresInSeconds()).isEqualTo(3600);

        AccessTokens.AccessToken t = tokens.verify(issued.value()).orElseThrow();
        assertThat(t.clientId()).isEqualTo("civic-ingest");
        assertThat(t.clientVersion()).isEqualTo("v1");
        assertThat(t.expiresAt()).isEqualTo(Instant.parse("2026-12-07T11:00:00Z"));

        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.verify(issued.value())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.verify(issued.value())).isEmpty();
        assertThat(tokens.verifyIgnoringExpiry(issued.value()))
                .map(AccessTokens.AccessToken::clientId)
                .contains("civic-ingest");
    }

    @Test
    void theLifetimeToldIsNeverLongerThanTheTokensOwn() {
        clock.advance(Duration.ofMillis(400));
        AccessTokens.IssuedToken issued = tokens.issue("civic-ingest", "v1", "catalog");
        AccessTokens.AccessToken t = tokens.verify(issued.value()).orElseThrow();
        assertThat(issued.expiresInSeconds()).isEqualTo(3599);
        assertThat(clock.instant().plusSeconds(issued.expiresInSeconds())).isBefore(t.expiresAt());
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = tokens.issue("civic-cli", "v1", "catalog").value().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                payload.replace("civic-cli", "civic-ddl").getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(tokens.verify(forged)).isEmpty();
        assertThat(tokens.verifyIgnoringExpiry(forged)).isEmpty();
    }

    @Test
    void tokensOfAnotherKeyOrIssuerAreRefused() {
        byte[] otherKey = "another-key-another-key-another-key-12345".getBytes(StandardCharsets.UTF_8);
        String foreign = new AccessTokens(otherKey, "civic-catalog", Duration.ofHours(1), clock)
                .issue("civic-cli", "v1", "catalog")
                .value();
        assertThat(tokens.verify(foreign)).isEmpty();
        assertThat(tokens.verifyIgnoringExpiry(foreign)).isEmpty();

        String otherIssuer = new AccessTokens(KEY, "someone-else", Duration.ofHours(1), clock)
                .issue("civic-cli", "v1", "catalog")
                .value();
        assertThat(tokens.verify(otherIssuer)).isEmpty();
        assertThat(tokens.verifyIgnoringExpiry(otherIssuer)).isEmpty();
    }

    @Test
    void anUnsignedTokenOrOneWithoutTheAccessTokenTypeIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("civic-catalog")
                .audience(AccessTokens.AUDIENCE)
                .subject("civic-cli")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(600)))
                .jwtID("x")
                .claim(AccessTokens.CLIENT_VERSION, "v1")
                .build();
        assertThat(tokens.verify(new PlainJWT(claims).serialize())).isEmpty();

        SignedJWT plainType = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        plainType.sign(new MACSigner(KEY));
        assertThat(tokens.verify(plainType.serialize())).isEmpty();

        SignedJWT right = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(AccessTokens.TYPE)
                        .build(),
                claims);
        right.sign(new MACSigner(KEY));
        assertThat(tokens.verify(right.serialize())).isPresent(); // the same claims, properly typed and signed
    }

    @Test
    void garbageIsRefused() {
        for (String junk : new String[] {"", "x", "a.b.c", "Bearer", "eyJhbGciOiJIUzI1NiJ9.e30."}) {
            assertThat(tokens.verify(junk)).as(junk).isEmpty();
        }
    }

    @Test
    void aShortKeyOrAZeroLifetimeIsRejected() {
        assertThatThrownBy(() -> new AccessTokens(new byte[31], "i", Duration.ofHours(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessTokens(KEY, "i", Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
