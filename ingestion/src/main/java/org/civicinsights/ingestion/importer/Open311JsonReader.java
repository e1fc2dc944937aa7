package org.civicinsights.ingestion.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an Open311 GeoReport v2 {@code requests.json}: a JSON array of service request objects
 * ({@code service_request_id}, {@code status}, {@code requested_datetime}, ...), streamed one
 * object at a time. Fields are columns; numbers and booleans are read as their text, nested
 * values as their JSON. An element that is not an object is a malformed record.
 */
final class Open311JsonReader implements RecordReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final Charset charset;
    private final JsonParser parser;
    private boolean ended;
    private long row;

    Open311JsonReader(Reader reader, Path file, Charset charset) throws IOException {
        this.file = file;
        this.charset = charset;
        this.parser = MAPPER.getFactory().createParser(reader);
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException e) {
            parser.close();
            throw new IllegalArgumentException(
                    file + " is not JSON (" + e.getOriginalMessage() + "): is the mapping's format.type right?", e);
        }
        if (first != JsonToken.START_ARRAY) {
            parser.close();
            throw new IllegalArgumentException(file + " is not a JSON array of service requests (GeoReport v2"
                    + " requests.json); it starts with " + (first == null ? "nothing" : first.asString()));
        }
    }

    @Override
    public void requireColumns(Mapping mapping) {
        // JSON objects may leave out any field: checked per record
    }

    @Override
    public SourceRecord next() throws SourceReadException {
        if (ended) {
            return null;
        }
        try {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY || t == null) {
                ended = true;
                if (t == null) {
                    throw new SourceReadException(row + 1, "JSON array not closed at the end of " + file, null);
                }
                return null;
            }
            JsonNode node = parser.readValueAsTree();
            row++;
            return new Element(row, node, charset);
        } catch (IOException e) {
            ended = true;
            throw new SourceReadException(
                    row + 1, "JSON unreadable from element " + (row + 1) + ": " + RecordReader.describe(e, charset), e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private record Element(long row, JsonNode node, Charset charset) implements SourceRecord {
        @Override
        public String get(String column) {
            JsonNode v = node.get(column);
            if (v == null || v.isNull()) {
                return null;
            }
            return v.isValueNode() ? v.asText() : v.toString();
        }

        @Override
        public String malformed() {
            if (!node.isObject()) {
                return "element is " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object";
            }
            return hasBadBytes(node) ? RecordReader.badBytes(charset) : null;
        }

        private static boolean hasBadBytes(JsonNode n) {
            if (n.isTextual()) {
                return n.textValue().indexOf(BAD_BYTES) >= 0;
            }
            if (n.isContainerNode()) {
                Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (f.getKey().indexOf(BAD_BYTES) >= 0 || hasBadBytes(f.getValue())) {
                        return true;
                    }
                }
                for (JsonNode e : n) {
                    if (n.isArray() && hasBadBytes(e)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String raw(Set<String> redacted) {
            if (!node.isObject() || redacted.isEmpty()) {
                return node.toString().replace(BAD_BYTES, '\uFFFD');
            }
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            for (String c : redacted) {
                if (copy.hasNonNull(c)) {
                    copy.put(c, REDACTED);
                }
            }
            return copy.toString().replace(BAD_BYTES, '\uFFFD');
        }
    }
}
