package org.civicinsights.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientSecretHashTest {

    @Test
    void aHashMatchesItsSecretOnly() {
        String hash = ClientSecretHash.hash("s3cret-of-the-ingest-job");
        assertThat(ClientSecretHash.matches("s3cret-of-the-ingest-job", hash)).isTrue();
        assertThat(ClientSecretHash.matches("s3cret-of-the-ingest-jo", hash)).isFalse();
        assertThat(ClientSecretHash.matches("", hash)).isFalse();
        assertThat(hash).doesNotContain("s3cret").startsWith("pbkdf2-sha256$100000$");
    }

    @Test
    void eachHashHasItsOwnSaltAndFingerprint() {
        String a = ClientSecretHash.hash("same secret");
        String b = ClientSecretHash.hash("same secret");
        assertThat(a).isNotEqualTo(b);
        assertThat(ClientSecretHash.matches("same secret", b)).isTrue();
        assertThat(ClientSecretHash.fingerprint(a))
                .isNotEqualTo(ClientSecretHash.fingerprint(b))
                .isEqualTo(ClientSecretHash.fingerprint(a))
                .hasSize(16);
    }

    @Test
    void aMalformedHashMatchesNothing() {
        String valid = ClientSecretHash.hash("x");
        String[] parts = valid.split("\\$");
        for (String broken : new String[] {
            "",
            "x",
            "plain-secret",
            "sha256$1$" + parts[2] + "$" + parts[3],
            parts[0] + "$0$" + parts[2] + "$" + parts[3],
            parts[0] + "$many$" + parts[2] + "$" + parts[3],
            parts[0] + "$1000$$" + parts[3],
            parts[0] + "$1000$" + parts[2] + "$",
            parts[0] + "$1000$!!$" + parts[3],
            valid + "$extra"
        }) {
            assertThat(ClientSecretHash.matches("x", broken)).as(broken).isFalse();
        }
    }
}
