package org.civicinsights.ingestion.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.civicinsights.ingestion.RecordSink;

/** Keeps every record in memory, in order: a test stand-in for Kafka or a JSON Lines file. */
final class LinesSink implements RecordSink {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final List<String> keys = new ArrayList<>();
    final List<String> values = new ArrayList<>();
    int flushes;

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
    }

    /** The values read as JSON. */
    List<JsonNode> json() {
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
