package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSecretsTest {
    @TempDir
    Path dataDir;

    @Test
    void aPasswordIsGeneratedOnceIntoAPrivateFileAndReadBackFromIt() throws Exception {
        StackSecrets secrets = new StackSecrets(dataDir.resolve("secrets"));
        String first = secrets.password("kafka-ingest");
        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(secrets.password("kafka-ingest")).isEqualTo(first);
        assertThat(new StackSecrets(dataDir.resolve("secrets")).password("kafka-ingest"))
                .as("another process reads the same file")
                .isEqualTo(first);
        Path file = secrets.passwordFile("kafka-ingest");
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.dir())))
                .isEqualTo("rwx------");
        assertThat(secrets.all()).containsExactly(file);
    }

    @Test
    void passwordsDifferByNameAndTheFirstWriterWins() throws Exception {
        StackSecrets secrets = new StackSecrets(dataDir.resolve("secrets"));
        Set<String> seen = new HashSet<>();
        for (String name : new String[] {"trino-analyst", "trino-manager", "catalog-ingest", "kafka-admin"}) {
            assertThat(seen.add(secrets.password(name))).as(name).isTrue();
        }
        Path file = dataDir.resolve("secrets").resolve("raced.password");
        secrets.create(file, "theirs");
        secrets.create(file, "mine");
        assertThat(Files.readString(file)).isEqualTo("theirs");
        assertThat(Files.list(secrets.dir())
                        .filter(f -> f.getFileName().toString().endsWith(".tmp")))
                .as("no temporary file left behind")
                .isEmpty();
    }

    @Test
    void aNameCannotLeaveTheSecretsFolder() {
        StackSecrets secrets = new StackSecrets(dataDir.resolve("secrets"));
        assertThatThrownBy(() -> secrets.password("../civic")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> secrets.password("")).isInstanceOf(IllegalArgumentException.class);
    }
}
