package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;
import org.civicinsights.common.io.PrivateFiles;

/**
 * The local object store's access key pair, generated once into {@code secrets/s3.properties}
 * (mode 0600) and read from there by every process that needs it. Never printed.
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {
    static final String ACCESS_KEY_ID = "access-key-id";
    static final String SECRET_ACCESS_KEY = "secret-access-key";

    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Reads the pair; creates it (an AWS-shaped 20-character id, a 40-character secret) if absent. */
    public static S3Credentials loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                S3Credentials fresh = generate(new SecureRandom());
                // another process creating it at the same time wins: both use theirs
                PrivateFiles.createIfAbsent(
                        file,
                        PrivateFiles.properties(
                                Map.of(ACCESS_KEY_ID, fresh.accessKeyId(), SECRET_ACCESS_KEY, fresh.secretAccessKey()),
                                "The local object store's credentials (civic stack up --cluster). Keep this file private."));
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            String id = p.getProperty(ACCESS_KEY_ID);
            String secret = p.getProperty(SECRET_ACCESS_KEY);
            if (id == null || secret == null || id.isBlank() || secret.isBlank()) {
                throw new IllegalStateException(file + " must hold " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
            }
            return new S3Credentials(id.strip(), secret.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the object store's credentials " + file, e);
        }
    }

    static S3Credentials generate(SecureRandom random) {
        return new S3Credentials(
                "CIVIC" + randomString(random, KEY_ALPHABET, 15), randomString(random, SECRET_ALPHABET, 40));
    }

    private static String randomString(SecureRandom random, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
    }
}
