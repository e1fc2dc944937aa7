package org.civicinsights.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymisationKeysTest {
    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyFileWithA32ByteKey() throws Exception {
        Path keyFile = dir.resolve("secrets").resolve("pseudonymisation.key");

        byte[] key = PseudonymisationKeys.loadOrCreate(keyFile);

        assertThat(key).hasSize(32);
        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip()))
                .isEqualTo(key);
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(keyFile);
        }
    }

    @Test
    void secondCallReturnsTheSameKey() {
        Path keyFile = dir.resolve("pseudonymisation.key");
        byte[] first = PseudonymisationKeys.loadOrCreate(keyFile);
        byte[] second = PseudonymisationKeys.loadOrCreate(keyFile);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentFilesGetDifferentRandomKeys() {
        byte[] a = PseudonymisationKeys.loadOrCreate(dir.resolve("a.key"));
        byte[] b = PseudonymisationKeys.loadOrCreate(dir.resolve("b.key"));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void readsAnExistingKeyFile() throws Exception {
        byte[] key = new byte[24];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        Path keyFile = dir.resolve("given.key");
        Files.writeString(keyFile, "  " + Base64.getEncoder().encodeToString(key) + "\n");
        assertThat(PseudonymisationKeys.loadOrCreate(keyFile)).isEqualTo(key);
        assertThat(Files.readString(keyFile))
                .isEqualTo("  " + Base64.getEncoder().encodeToString(key) + "\n");
    }

    @Test
    void fromBase64DecodesAndRejectsGarbage() {
        assertThat(PseudonymisationKeys.fromBase64(" AAECAw== ")).containsExactly(0, 1, 2, 3);
        assertThatThrownBy(() -> PseudonymisationKeys.fromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pseudonymisation key is not valid base64");
    }
}
