package org.civicinsights.catalog.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients file as the catalog sees it now: read again whenever it changes, so that adding,
 * rotating or removing a client takes effect without a restart. A file that cannot be read or
 * parsed leaves no client at all (fail closed).
 */
final class ClientRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

    private final Path file;
    private FileTime loadedVersion;
    private Map<String, String> clients = Map.of();
    private boolean failing;

    ClientRegistry(Path file) {
        this.file = file;
        current();
    }

    /** A secret that matched a stored hash, kept as its SHA-256 digest while that hash is the client's. */
    private record Verified(String hash, byte[] digest) {}

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * Whether this client exists and the secret is its own. PBKDF2 is slow by design; a secret it
     * accepted is remembered (as a SHA-256 digest, in memory) so that a client asking again (Trino
     * 476 asks once per catalog operation, trinodb/trino#25122) costs a digest, not a PBKDF2.
     */
    boolean authenticate(String clientId, String secret) {
        String hash = current().get(clientId);
        if (hash == null) {
            return false;
        }
        byte[] digest = sha256(secret);
        Verified known = verified.get(clientId);
        if (known != null && known.hash().equals(hash)) {
            return MessageDigest.isEqual(known.digest(), digest);
        }
        if (!ClientSecretHash.matches(secret, hash)) {
            return false;
        }
        verified.put(clientId, new Verified(hash, digest));
        return true;
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The fingerprint of the client's stored hash (see {@link ClientSecretHash#fingerprint}); empty if unknown. */
    Optional<String> fingerprint(String clientId) {
        return Optional.ofNullable(current().get(clientId)).map(ClientSecretHash::fingerprint);
    }

    int size() {
        return current().size();
    }

    private synchronized Map<String, String> current() {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (!version.equals(loadedVersion)) {
                clients = ClientsFile.parse(Files.readString(file));
                loadedVersion = version;
                failing = false;
                LOG.info("{} catalog clients loaded from {}", clients.size(), file);
            }
        } catch (IOException | IllegalArgumentException e) {
            if (!failing) { // once per failure, not once per request
                LOG.error("cannot read the clients file {}: {}; no client is accepted", file, e.getMessage());
            }
            failing = true;
            clients = Map.of();
            loadedVersion = null;
        }
        return clients;
    }
}
