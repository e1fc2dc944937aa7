package org.civicinsights.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server side of the optional HTTPS listener ({@code collector.tls.keystore}). */
final class Tls {
    private Tls() {}

    /**
     * A TLS context with the key and certificate chain of the keystore (PKCS12 or JKS, detected), whose
     * key has the keystore's password, as {@code keytool} and {@code openssl pkcs12} make them. The JDK's
     * defaults apply: TLS 1.3 and 1.2 only.
     *
     * @throws IllegalArgumentException naming the keystore, if it cannot be read or holds no key
     */
    static SSLContext serverContext(Path keystore, String password) {
        String where = "the TLS keystore " + keystore + " (" + CollectorSettings.TLS_KEYSTORE + ")";
        if (!Files.isReadable(keystore)) {
            throw new IllegalArgumentException(where + " does not exist or is not readable");
        }
        char[] pass = password.toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance(keystore.toFile(), pass);
            boolean hasKey = false;
            for (String alias : Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException(where + " holds no private key");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            // e.g. "keystore password was incorrect"; the message never holds the password
            Throwable root = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
            throw new IllegalArgumentException("cannot use " + where + ": " + root.getMessage(), e);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }
}
