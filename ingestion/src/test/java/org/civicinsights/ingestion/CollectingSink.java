package org.civicinsights.ingestion;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record in memory, in order. */
final class CollectingSink implements RecordSink {
    final List<String> keys = new ArrayList<>();
    final List<String> values = new ArrayList<>();
    int flushes;
    boolean closed;

    @Override
    public void send(String key, String value) {
        keys.add(key);
        values.add(value);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }
}
