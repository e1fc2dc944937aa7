package org.civicinsights.ingestion;

/**
 * Told how far a generation run is: about every 1 % of the records or every 10 000 records,
 * whichever comes first, and once at the end with {@code produced == total}.
 */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(long produced, long total);

    /** A listener that ignores progress. */
    static ProgressListener none() {
        return (produced, total) -> {};
    }
}
