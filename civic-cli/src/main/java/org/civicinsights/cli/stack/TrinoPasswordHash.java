package org.civicinsights.cli.stack;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.civicinsights.common.security.Pbkdf2;

/**
 * A line of the password file of Trino's file authenticator, {@code user:hash}, hashed with the
 * JDK's PBKDF2 in the form Trino 476 reads: {@code iterations:salt-hex:hash-hex}, HMAC-SHA1
 * (Trino's EncryptionUtil; its other form is bcrypt, which the JDK has not). Trino wants at least
 * 1,000 iterations; it re-hashes a login every time it reloads the file (every few seconds), so
 * the count is a trade-off with query latency; our generated passwords are 256 random bits, which
 * no count makes weaker or stronger.
 */
public final class TrinoPasswordHash {
    static final int ITERATIONS = 100_000;
    private static final int SALT_BYTES = 16;
    /** One SHA-1 block: a longer key costs PBKDF2 a second pass of every iteration. */
    private static final int HASH_BYTES = 20;

    private TrinoPasswordHash() {}

    /** {@code user:iterations:salt:hash}; the user may not contain ':' (Trino splits the line on the first one). */
    public static String line(String user, String password, SecureRandom random) {
        if (user.isEmpty() || user.contains(":") || user.contains("\n")) {
            throw new IllegalArgumentException("invalid Trino user name '" + user + "'");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        HexFormat hex = HexFormat.of();
        return user + ":" + ITERATIONS + ":" + hex.formatHex(salt) + ":"
                + hex.formatHex(pbkdf2(password, salt, ITERATIONS, HASH_BYTES));
    }

    /** Whether a {@code user:iterations:salt:hash} line accepts the password, as Trino checks it. */
    public static boolean matches(String line, String password) {
        String[] p = line.split(":");
        if (p.length != 4) {
            throw new IllegalArgumentException("not a user:iterations:salt:hash line");
        }
        HexFormat hex = HexFormat.of();
        byte[] expected = hex.parseHex(p[3]);
        byte[] actual = pbkdf2(password, hex.parseHex(p[2]), Integer.parseInt(p[1]), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        return Pbkdf2.derive(Pbkdf2.Prf.HMAC_SHA1, password.toCharArray(), salt, iterations, bytes);
    }
}
