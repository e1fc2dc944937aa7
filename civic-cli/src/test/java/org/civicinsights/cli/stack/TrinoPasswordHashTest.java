package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TrinoPasswordHashTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aLineIsUserThenTrinosPbkdf2Form() {
        String line = TrinoPasswordHash.line("analyst", "s3cret", random);
        // Trino 476 (EncryptionUtil): iterations:salt:hash, lower-case hex, at least 1,000 iterations
        assertThat(line).matches("analyst:\\d+:[0-9a-f]{32}:[0-9a-f]{40}");
        assertThat(Integer.parseInt(line.split(":")[1])).isGreaterThanOrEqualTo(1000);
        assertThat(line).doesNotContain("s3cret");
        String hash = line.substring("analyst:".length());
        assertThat(TrinoPasswordHash.matches(line, "s3cret")).isTrue();
        assertThat(TrinoPasswordHash.matches(line, "s3cret ")).isFalse();
        // a fresh salt each time: the same password never gives the same line
        assertThat(TrinoPasswordHash.line("analyst", "s3cret", random)).isNotEqualTo(line);
        assertThat(hash.split(":")).hasSize(3);
    }

    @Test
    void aUserNameTrinoWouldMisreadIsRefused() {
        assertThatThrownBy(() -> TrinoPasswordHash.line("a:b", "x", random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrinoPasswordHash.line("", "x", random)).isInstanceOf(IllegalArgumentException.class);
    }
}
