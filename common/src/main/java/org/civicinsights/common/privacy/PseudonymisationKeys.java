package org.civicinsights.common.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.civicinsights.common.io.PrivateFiles;

/** Loads the HMAC key from configuration, or creates the embedded default's key file (0600). */
public final class PseudonymisationKeys {
    private PseudonymisationKeys() {}

    /** Decodes a base64 key as given in configuration (e.g. from a secret store). */
    public static byte[] fromBase64(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pseudonymisation key is not valid base64", e);
        }
    }

    /** Reads an existing key file holding base64; a missing file is an error (a new key would match nothing). */
    public static byte[] load(Path keyFile) {
        if (!Files.exists(keyFile)) {
            throw new IllegalArgumentException("pseudonymisation key file " + keyFile + " does not exist");
        }
        try {
            return fromBase64(Files.readString(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pseudonymisation key file " + keyFile, e);
        }
    }

    /** Reads a key file holding base64; creates it with 32 random bytes and mode 0600 if absent. */
    public static byte[] loadOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                // another process creating it at the same time wins: both use theirs
                PrivateFiles.createIfAbsent(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
            }
            return fromBase64(Files.readString(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create pseudonymisation key file " + keyFile, e);
        }
    }
}
