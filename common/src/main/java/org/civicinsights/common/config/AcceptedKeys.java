package org.civicinsights.common.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration keys a job jar reads: exact keys, plus prefixes whose keys are passed through
 * to an engine unchanged ({@code catalog.} to the Iceberg catalog client, {@code spark.} to the
 * Spark session). Lets a check outside the jar (the Kubernetes manifests' test) tell a key the job
 * reads from a typo the job would silently ignore.
 *
 * @param keys exact keys, such as {@code kafka.bootstrap}
 * @param prefixes key prefixes ending in '.', such as {@code catalog.}
 */
public record AcceptedKeys(Set<String> keys, Set<String> prefixes) {

    public AcceptedKeys {
        keys = Set.copyOf(keys);
        prefixes = Set.copyOf(prefixes);
        for (String p : prefixes) {
            if (!p.endsWith(".")) {
                throw new IllegalArgumentException("a prefix ends with '.': " + p);
            }
        }
    }

    /** A listed key, or a key below a listed prefix (the prefix alone names no setting). */
    public boolean accepts(String key) {
        return keys.contains(key) || prefixes.stream().anyMatch(p -> key.length() > p.length() && key.startsWith(p));
    }

    /** These keys and prefixes together with the other's. */
    public AcceptedKeys and(AcceptedKeys other) {
        Set<String> k = new TreeSet<>(keys);
        k.addAll(other.keys);
        Set<String> p = new TreeSet<>(prefixes);
        p.addAll(other.prefixes);
        return new AcceptedKeys(k, p);
    }
}
