package org.civicinsights.common.privacy;

import java.nio.file.Path;
import org.civicinsights.common.config.CivicConfig;

/** Builds the pseudonymiser from configuration: an explicit key wins over a key file. */
public final class Pseudonymisers {
    private Pseudonymisers() {
    }

    public static CitizenPseudonymiser fromConfig(CivicConfig config) {
        if (config.has(CivicConfig.PSEUDONYMISATION_KEY)) {
            return new CitizenPseudonymiser(PseudonymisationKeys.fromBase64(config.get(CivicConfig.PSEUDONYMISATION_KEY)));
        }
        if (config.has(CivicConfig.PSEUDONYMISATION_KEY_FILE)) {
            return new CitizenPseudonymiser(PseudonymisationKeys.loadOrCreate(
                    Path.of(config.get(CivicConfig.PSEUDONYMISATION_KEY_FILE))));
        }
        throw new IllegalArgumentException("no pseudonymisation key configured: set "
                + CivicConfig.PSEUDONYMISATION_KEY + " (base64) or " + CivicConfig.PSEUDONYMISATION_KEY_FILE);
    }
}
