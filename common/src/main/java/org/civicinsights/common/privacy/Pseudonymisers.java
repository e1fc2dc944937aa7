package org.civicinsights.common.privacy;

import java.nio.file.Path;
import org.civicinsights.common.config.CivicConfig;

/** Builds the pseudonymiser from configuration: an explicit key wins over a key file. */
public final class Pseudonymisers {
    private Pseudonymisers() {}

    public static CitizenPseudonymiser fromConfig(CivicConfig config) {
        return new CitizenPseudonymiser(keyFromConfig(config));
    }

    /** The key bytes themselves, for a job that ships them to its workers (each builds its own pseudonymiser). */
    public static byte[] keyFromConfig(CivicConfig config) {
        if (config.has(CivicConfig.PSEUDONYMISATION_KEY)) {
            return PseudonymisationKeys.fromBase64(config.get(CivicConfig.PSEUDONYMISATION_KEY));
        }
        if (config.has(CivicConfig.PSEUDONYMISATION_KEY_FILE)) {
            // only the local stack creates a key (at `civic stack up`); elsewhere a missing file is an error
            return PseudonymisationKeys.load(Path.of(config.get(CivicConfig.PSEUDONYMISATION_KEY_FILE)));
        }
        throw new IllegalArgumentException("no pseudonymisation key configured: set " + CivicConfig.PSEUDONYMISATION_KEY
                + " (base64) or " + CivicConfig.PSEUDONYMISATION_KEY_FILE);
    }
}
