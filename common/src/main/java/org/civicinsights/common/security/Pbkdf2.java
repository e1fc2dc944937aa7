package org.civicinsights.common.security;

import java.security.GeneralSecurityException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 (RFC 8018) with the JDK's own SecretKeyFactory: the derivation under every password hash
 * of the platform; each caller keeps its own stored format (the catalog's clients file, Trino's
 * password file).
 */
public final class Pbkdf2 {
    /** The pseudorandom function, as the JDK names the algorithm. */
    public enum Prf {
        /** What Trino's password file uses. */
        HMAC_SHA1("PBKDF2WithHmacSHA1"),
        HMAC_SHA256("PBKDF2WithHmacSHA256");

        private final String jdkAlgorithm;

        Prf(String jdkAlgorithm) {
            this.jdkAlgorithm = jdkAlgorithm;
        }
    }

    private Pbkdf2() {}

    /** The derived key of {@code keyBytes} bytes. */
    public static byte[] derive(Prf prf, char[] password, byte[] salt, int iterations, int keyBytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance(prf.jdkAlgorithm)
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(prf.jdkAlgorithm + " is missing from this JDK", e);
        } finally {
            spec.clearPassword(); // the spec's own copy
        }
    }
}
