package org.civicinsights.common.config;

import java.util.Set;

/**
 * The configuration keys a job reads: exact keys, plus prefixes whose keys it passes on unread
 * ({@code catalog.} to the Iceberg catalog client, {@code spark.} to the Spark session). Lets a
 * deployment (the Kubernetes manifests, a properties file) be checked against the job it
 * configures: a key no job reads is a typo that would otherwise be ignored without a word.
 *
 * @param keys the keys read by name ({@code kafka.bootstrap}, {@code ingest.parallelism}, ...)
 * @param prefixes prefixes, with their trailing dot, under which every key is accepted
 */
public record AcceptedKeys(Set<String> keys, Set<String> prefixes) {

    public AcceptedKeys {
        keys = Set.copyOf(keys);
        prefixes = Set.copyOf(prefixes);
    }

    /** True for a key read by name, or one under a pass-through prefix (the prefix alone is no key). */
    public boolean accepts(String key) {
        return keys.contains(key) || prefixes.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
    }
}
