package org.civicinsights.batch.outreach;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code manifest.json} of an export directory: what the CRM checks the data files against
 * before applying them. Written last, so its presence marks a complete export.
 *
 * @param uri the export directory (not in the JSON: the directory is where the manifest is)
 */
public record Manifest(
        int schemaVersion,
        String runId,
        String previousRunId,
        LocalDate runDate,
        String campaign,
        int campaignVersion,
        String template,
        int priority,
        long listSize,
        Changes changes,
        List<FileEntry> files,
        Instant exportedAt,
        String uri) {

    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Manifest {
        Objects.requireNonNull(changes, "changes");
        files = List.copyOf(files);
    }

    /** The change counts of the export; {@code total} is their sum, written so the CRM need not add. */
    public record Changes(long added, long removed, long changed) {
        public long total() {
            return added + removed + changed;
        }
    }

    /**
     * A data file of the export.
     *
     * @param format {@code csv} or {@code jsonl}
     * @param rows the data rows (a csv's header line is not a row)
     * @param sha256 hex, lower case
     */
    public record FileEntry(String name, String format, long rows, long bytes, String sha256) {}

    /** The header the export was written with. */
    public ExportHeader header() {
        return new ExportHeader(runId, previousRunId, runDate, campaign, campaignVersion, template, priority, listSize);
    }

    /** The entry of file {@code name}, or null. */
    public FileEntry file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /** The pretty-printed JSON, fields in a fixed order. */
    String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema_version", schemaVersion);
        root.put("run_id", runId);
        root.put("previous_run_id", previousRunId);
        root.put("run_date", runDate.toString());
        root.put("campaign", campaign);
        root.put("campaign_version", campaignVersion);
        root.put("template", template);
        root.put("priority", priority);
        root.put("list_size", listSize);
        ObjectNode counts = root.putObject("changes");
        counts.put("added", changes.added());
        counts.put("removed", changes.removed());
        counts.put("changed", changes.changed());
        counts.put("total", changes.total());
        ArrayNode array = root.putArray("files");
        for (FileEntry f : files) {
            array.addObject()
                    .put("name", f.name())
                    .put("format", f.format())
                    .put("rows", f.rows())
                    .put("bytes", f.bytes())
                    .put("sha256", f.sha256());
        }
        root.put("exported_at", exportedAt.toString());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a manifest strictly: a missing or mistyped field is an {@link IllegalStateException} naming it. */
    static Manifest parse(String json, String uri) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(FILE_NAME + " of " + uri + " is not JSON: " + e.getOriginalMessage());
        }
        Fields m = new Fields(root, FILE_NAME + " of " + uri);
        Fields c = m.object("changes");
        Changes changes = new Changes(c.count("added"), c.count("removed"), c.count("changed"));
        if (c.count("total") != changes.total()) {
            throw new IllegalStateException(
                    m.where + ": changes.total is " + c.count("total") + ", the counts add up to " + changes.total());
        }
        List<FileEntry> files = new ArrayList<>();
        JsonNode array = root.get("files");
        if (array == null || !array.isArray()) {
            throw new IllegalStateException(m.where + ": field 'files' is missing or not an array");
        }
        for (JsonNode f : array) {
            Fields e = new Fields(f, m.where + ", files[" + files.size() + "]");
            files.add(new FileEntry(
                    e.text("name"), e.text("format"), e.count("rows"), e.count("bytes"), e.text("sha256")));
        }
        try {
            return new Manifest(
                    m.integer("schema_version"),
                    m.text("run_id"),
                    m.nullableText("previous_run_id"),
                    LocalDate.parse(m.text("run_date")),
                    m.text("campaign"),
                    m.integer("campaign_version"),
                    m.text("template"),
                    m.integer("priority"),
                    m.count("list_size"),
                    changes,
                    files,
                    Instant.parse(m.text("exported_at")),
                    uri);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(m.where + ": " + e.getMessage());
        }
    }

    /** Typed access to the fields of a JSON object, failing with the field's name. */
    private record Fields(JsonNode node, String where) {
        Fields {
            if (node == null || !node.isObject()) {
                throw new IllegalStateException(where + " is missing or not a JSON object");
            }
        }

        JsonNode field(String name, boolean ok) {
            JsonNode v = node.get(name);
            if (v == null || !ok) {
                throw new IllegalStateException(where + ": field '" + name + "' is missing or of the wrong type");
            }
            return v;
        }

        String text(String name) {
            return field(name, node.path(name).isTextual()).asText();
        }

        String nullableText(String name) {
            JsonNode v =
                    field(name, node.path(name).isTextual() || node.path(name).isNull());
            return v.isNull() ? null : v.asText();
        }

        long count(String name) {
            JsonNode v = node.path(name);
            return field(name, v.canConvertToLong() && v.isIntegralNumber() && v.asLong() >= 0)
                    .asLong();
        }

        int integer(String name) {
            JsonNode v = node.path(name);
            return field(name, v.isInt()).asInt();
        }

        Fields object(String name) {
            return new Fields(node.get(name), where + ", " + name);
        }
    }
}
