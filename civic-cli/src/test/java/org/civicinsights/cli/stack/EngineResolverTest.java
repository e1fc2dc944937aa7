package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineResolverTest {
    @TempDir
    Path dir;

    Path zip(String... entries) throws Exception {
        Path zip = dir.resolve("plugin.zip");
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (String e : entries) {
                z.putNextEntry(new ZipEntry(e));
                if (!e.endsWith("/")) {
                    z.write(e.getBytes());
                }
                z.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void unzipsDroppingTheTopLevelFolder() throws Exception {
        Path target = dir.resolve("plugin/iceberg");
        EngineResolver.unzipFlattened(
                zip("trino-iceberg-476/", "trino-iceberg-476/a.jar", "trino-iceberg-476/sub/b.jar"), target);
        assertThat(Files.readString(target.resolve("a.jar"))).isEqualTo("trino-iceberg-476/a.jar");
        assertThat(target.resolve("sub/b.jar")).exists();
    }

    @Test
    void refusesEntriesThatEscapeTheTarget() throws Exception {
        Path zip = zip("x/../../evil.jar");
        assertThatThrownBy(() -> EngineResolver.unzipFlattened(zip, dir.resolve("t")))
                .hasMessageContaining("escapes");
    }
}
