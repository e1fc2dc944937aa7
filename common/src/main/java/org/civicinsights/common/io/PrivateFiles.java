package org.civicinsights.common.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Files that may hold a secret (a key pair, credentials): readable by their owner only (0600), and
 * replaced atomically, so that a reader never sees a half-written or missing file.
 */
public final class PrivateFiles {
    private PrivateFiles() {}

    /** A new, empty 0600 file in {@code dir} (created if missing). */
    public static Path createTemp(Path dir, String prefix, String suffix) throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(
                dir,
                prefix,
                suffix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** Writes the settings as a properties file into a 0600 temporary file beside {@code file}, then moves it into place. */
    public static void writeProperties(Path file, Map<?, ?> settings, String comment) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = createTemp(dir, "." + file.getFileName(), ".tmp");
        try {
            Properties p = new Properties();
            p.putAll(settings);
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, comment);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
