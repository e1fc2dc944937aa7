package org.civicinsights.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        assertPrivateAndAlone(file);
    }

    @Test
    void writeReplacesTheContentAndMakesAnExistingFilePrivate() throws Exception {
        Path file = dir.resolve("catalog-cli.credential");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.write(file, "civic-cli:s3cret\n");
        assertThat(Files.readString(file)).isEqualTo("civic-cli:s3cret\n");
        assertPrivateAndAlone(file);
    }

    @Test
    void createIfAbsentKeepsTheFirstWritersFile() throws Exception {
        Path file = dir.resolve("secrets/kafka-admin.password");
        assertThat(PrivateFiles.createIfAbsent(file, "first")).isTrue();
        assertThat(PrivateFiles.createIfAbsent(file, "second")).isFalse();
        assertThat(Files.readString(file)).isEqualTo("first");
        assertPrivateAndAlone(file);
    }

    @Test
    void ofConcurrentCreatorsOneWinsAndAllReadItsContent() throws Exception {
        Path file = dir.resolve("pseudonymisation.key");
        int creators = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            List<Future<Boolean>> created = new ArrayList<>();
            for (int i = 0; i < creators; i++) {
                String content = "key-of-creator-" + i;
                Callable<Boolean> create = () -> {
                    start.await();
                    return PrivateFiles.createIfAbsent(file, content);
                };
                created.add(pool.submit(create));
            }
            start.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < creators; i++) {
                if (created.get(i).get()) {
                    winners.add(i);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(Files.readString(file)).isEqualTo("key-of-creator-" + winners.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertPrivateAndAlone(file);
    }

    /** Readable by its owner only, and no temporary file left beside it. */
    private static void assertPrivateAndAlone(Path file) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }
}
