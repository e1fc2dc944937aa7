package org.civicinsights.cli.stack;

import java.util.Locale;

/**
 * How the local stack runs its engines: {@code embedded} (the default: the ingest job on a Flink
 * MiniCluster in one JVM, Spark in local mode, the lake on local files) or {@code cluster} (a Flink
 * standalone session cluster, a Spark standalone cluster and the lake on an S3-compatible store).
 */
public enum StackTopology {
    EMBEDDED,
    CLUSTER;

    /** The key under which `civic stack up` records the topology in civic.properties. */
    public static final String KEY = "stack.topology";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StackTopology of(String value) {
        for (StackTopology t : values()) {
            if (t.key().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException(KEY + " must be embedded or cluster, got '" + value + "'");
    }
}
