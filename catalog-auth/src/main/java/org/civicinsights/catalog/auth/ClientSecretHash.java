package org.civicinsights.catalog.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.civicinsights.common.security.Pbkdf2;

/**
 * A client secret as the catalog keeps it: salted PBKDF2-HMAC-SHA256 (the JDK's own), written
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64url, no padding), so the clients file
 * gives away no secret. The stack's secrets are 256 random bits, which no iteration count makes
 * stronger; the iterations are there for a secret a person chose.
 */
public final class ClientSecretHash {
    static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 100_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private ClientSecretHash() {}

    /** A new hash of the secret, with a fresh random salt. */
    public static String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return encode(ITERATIONS, salt, pbkdf2(secret, salt, ITERATIONS));
    }

    /** Whether the secret is the one hashed; false for a malformed hash too. Compares in constant time. */
    public static boolean matches(String secret, String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = DECODER.decode(parts[2]);
            byte[] expected = DECODER.decode(parts[3]);
            if (iterations < 1 || salt.length == 0 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A short digest of a stored hash, carried in the client's tokens: when the secret is rotated
     * the stored hash changes, and with it this value, so the tokens issued before stop working.
     */
    public static String fingerprint(String encoded) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static String encode(int iterations, byte[] salt, byte[] hash) {
        return SCHEME + "$" + iterations + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        return Pbkdf2.derive(Pbkdf2.Prf.HMAC_SHA256, secret.toCharArray(), salt, iterations, HASH_BYTES);
    }
}
