package org.civicinsights.catalog.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
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

    /** Whether this client exists and the secret is its own. */
    boolean authenticate(String clientId, String secret) {
        String hash = current().get(clientId);
        return hash != null && ClientSecretHash.matches(secret, hash);
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
