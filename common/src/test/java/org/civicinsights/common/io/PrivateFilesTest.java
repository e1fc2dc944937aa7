package org.civicinsights.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesAFileWithAPrivateOneAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("sub/civic.properties");
        PrivateFiles.writeProperties(file, Map.of("catalog.s3.secret-access-key", "first"), "test");
        PrivateFiles.writeProperties(file, Map.of("catalog.s3.secret-access-key", "second"), "test");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        assertThat(p).containsOnly(Map.entry("catalog.s3.secret-access-key", "second"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
