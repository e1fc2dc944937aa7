package org.civicinsights.common.io;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Files that may hold a secret (a key pair, credentials): readable by their owner only (0600), and
 * written complete or not at all, so that a reader never sees a half-written or missing file.
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

    /** Writes {@code content} (UTF-8) into a 0600 temporary file beside {@code file}, then moves it into place. */
    public static void write(Path file, String content) throws IOException {
        Path tmp = tempBeside(file);
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code file} with {@code content} (UTF-8), 0600, unless it exists. When another process
     * creates it first, theirs is kept and never replaced, so concurrent creators agree on one
     * value (a generated password or key). Returns whether this call created it.
     */
    public static boolean createIfAbsent(Path file, String content) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        Path tmp = tempBeside(file);
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            // a hard link appears complete or not at all, and never replaces a file that exists
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            // a file system without hard links (exFAT, some network mounts): a move that refuses to
            // replace, whose check and rename are two steps, so two creators at the same instant may
            // both succeed; each then reads the file back, and the last one's value is the file's
            return moveIfAbsent(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the settings as a properties file, as {@link #write} does. */
    public static void writeProperties(Path file, Map<?, ?> settings, String comment) throws IOException {
        write(file, properties(settings, comment));
    }

    /** The settings as the text of a properties file (Properties.store, with its escapes). */
    public static String properties(Map<?, ?> settings, String comment) {
        Properties p = new Properties();
        p.putAll(settings);
        StringWriter text = new StringWriter();
        try {
            p.store(text, comment);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static boolean moveIfAbsent(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
    }

    private static Path tempBeside(Path file) throws IOException {
        return createTemp(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
    }
}
