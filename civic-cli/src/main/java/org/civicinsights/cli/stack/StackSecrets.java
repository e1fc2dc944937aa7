package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civicinsights.common.io.PrivateFiles;

/**
 * The stack's generated passwords: one 0600 file per name under {@code secrets/}, created on first
 * use and read from there by every process that needs it, so a password never travels on a
 * command line. Rotating one is deleting its file and restarting the stack (docs/security.md).
 */
public final class StackSecrets {
    /** 32 random bytes, base64url without padding: safe inside JAAS, URLs and properties files. */
    private static final int PASSWORD_BYTES = 32;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    public StackSecrets(Path dir) {
        this.dir = dir;
    }

    public static StackSecrets of(StackLayout layout) {
        return new StackSecrets(layout.secretsDir());
    }

    public Path dir() {
        return dir;
    }

    /** The password called {@code name}, generated the first time it is asked for. */
    public String password(String name) {
        try {
            return Files.readString(passwordFile(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stack's password file for " + name, e);
        }
    }

    /** The file holding the password called {@code name} (just the password, no newline), created if missing. */
    public Path passwordFile(String name) {
        Path file = fileOf(name);
        if (!Files.exists(file)) {
            try {
                create(file, newPassword());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the stack's password file " + file, e);
            }
        }
        return file;
    }

    /** Where the password called {@code name} is kept, whether or not it exists yet. */
    public Path fileOf(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a secret name: " + name);
        }
        return dir.resolve(name + ".password");
    }

    /** A fresh random password, not stored anywhere. */
    public String newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Writes {@code content} to a new 0600 file in an owner-only folder, atomically; when another
     * process created the file first, theirs is kept (so concurrent commands agree on one password).
     */
    public void create(Path file, String content) throws IOException {
        ensureDir(file.getParent());
        PrivateFiles.createIfAbsent(file, content);
    }

    /** Creates {@code d} (and the secrets folder) readable by the owner only. */
    public void ensureDir(Path d) throws IOException {
        for (Path p : d.startsWith(dir) ? List.of(dir, d) : List.of(d)) {
            if (!Files.isDirectory(p)) {
                Files.createDirectories(p);
            }
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Every file under the secrets folder: what leak checks look for in logs and command lines. */
    public List<Path> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
