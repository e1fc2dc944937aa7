package org.civicinsights.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Keeps every record in memory, in order: a test stand-in for Kafka or a JSON Lines file. */
public final class CollectingSink implements RecordSink {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final List<String> keys = new ArrayList<>();
    public final List<String> values = new ArrayList<>();
    public int flushes;
    public boolean closed;

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

    /** The values read as JSON. */
    public List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>(values.size());
        for (String v : values) {
            try {
                out.add(MAPPER.readTree(v));
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + v, e);
            }
        }
        return out;
    }
}
