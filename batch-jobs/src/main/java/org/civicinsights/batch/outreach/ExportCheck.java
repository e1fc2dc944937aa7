package org.civicinsights.batch.outreach;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@link Outbox#verify}: an export directory checked against its manifest. Messages name files,
 * fields and row numbers, never a row's values (a citizen key is personal data).
 */
final class ExportCheck {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExportCheck() {}

    /** What a data file holds: its rows and their counts by kind, in the order of {@link ExportedChange#KINDS}. */
    private record Content(long rows, long[] kinds) {}

    static Manifest verify(FileSystem fs, Path dir) throws IOException {
        String uri = dir.toString();
        byte[] bytes;
        try (InputStream in = fs.open(new Path(dir, Manifest.FILE_NAME))) {
            bytes = in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new IllegalStateException(
                    "no " + Manifest.FILE_NAME + " in " + uri + ": not an export, or an incomplete one");
        }
        Manifest m = Manifest.parse(new String(bytes, StandardCharsets.UTF_8), uri);
        String where = Manifest.FILE_NAME + " of " + uri;
        if (m.schemaVersion() != Outbox.SCHEMA_VERSION) {
            throw new IllegalStateException(
                    where + ": schema_version " + m.schemaVersion() + " is not the known " + Outbox.SCHEMA_VERSION);
        }
        same(where, "run_id", m.runId(), "the directory name " + dir.getName(), dir.getName());
        if (dir.getParent() != null) {
            same(
                    where,
                    "campaign",
                    m.campaign(),
                    "the parent directory name " + dir.getParent().getName(),
                    dir.getParent().getName());
        }
        for (String format : List.of(Outbox.CSV, Outbox.JSONL)) {
            if (m.files().stream().filter(f -> f.format().equals(format)).count() != 1) {
                throw new IllegalStateException(where + ": lists " + format + " files "
                        + m.files().stream()
                                .filter(f -> f.format().equals(format))
                                .map(Manifest.FileEntry::name)
                                .toList()
                        + ", expected one");
            }
        }
        long[] expected = {
            m.changes().added(), m.changes().removed(), m.changes().changed()
        };
        for (Manifest.FileEntry f : m.files()) {
            check(fs, dir, m, f, expected);
        }
        return m;
    }

    private static void check(FileSystem fs, Path dir, Manifest m, Manifest.FileEntry f, long[] expected)
            throws IOException {
        String where = f.name() + " in " + dir;
        if (f.name().isEmpty()
                || f.name().contains("/")
                || f.name().startsWith(".")
                || f.name().equals(Manifest.FILE_NAME)) {
            throw new IllegalStateException(Manifest.FILE_NAME + " of " + dir + " lists a file named '" + f.name()
                    + "', not a data file of the directory");
        }
        if (!f.format().equals(Outbox.CSV) && !f.format().equals(Outbox.JSONL)) {
            throw new IllegalStateException(where + ": format '" + f.format() + "' is neither csv nor jsonl");
        }
        Sha256Count sum = new Sha256Count();
        Content content = null;
        String problem = null;
        try (InputStream raw = open(fs, new Path(dir, f.name()), where);
                InputStream in = sum.wrap(raw)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            try {
                content = f.format().equals(Outbox.CSV) ? csv(reader, m) : jsonl(reader, m);
            } catch (IllegalArgumentException e) {
                // read on, so a damaged file is reported by its checksum first
                problem = e.getMessage();
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        same(where, "bytes", f.bytes(), "the file's size", sum.bytes());
        same(where, "sha256", f.sha256(), "the file's SHA-256", sum.hex());
        if (problem != null) {
            throw new IllegalStateException(where + ": " + problem);
        }
        same(where, "rows", f.rows(), "the file's rows", content.rows());
        if (!Arrays.equals(expected, content.kinds())) {
            throw new IllegalStateException(where + ": the manifest's changes (added, removed, changed) are "
                    + Arrays.toString(expected) + ", the file has " + Arrays.toString(content.kinds()));
        }
    }

    private static InputStream open(FileSystem fs, Path file, String where) throws IOException {
        try {
            return fs.open(file);
        } catch (FileNotFoundException e) {
            throw new IllegalStateException(where + ": the manifest lists it but it does not exist");
        }
    }

    private static void same(String where, String field, Object manifest, String what, Object actual) {
        if (!Objects.equals(manifest, actual)) {
            throw new IllegalStateException(
                    where + ": the manifest's " + field + " is " + manifest + ", " + what + " is " + actual);
        }
    }

    private static Content csv(BufferedReader reader, Manifest m) throws IOException {
        CsvRecords records = new CsvRecords(reader);
        List<String> header = records.next();
        if (!Outbox.CSV_COLUMNS.equals(header)) {
            throw new IllegalArgumentException("the header is " + header + ", expected " + Outbox.CSV_COLUMNS);
        }
        long rows = 0;
        long[] kinds = new long[ExportedChange.KINDS.size()];
        for (List<String> r = records.next(); r != null; r = records.next()) {
            rows++;
            if (r.size() != header.size()) {
                throw new IllegalArgumentException(
                        "row " + rows + " has " + r.size() + " fields, not " + header.size());
            }
            row(kinds, rows, m, r.get(0), r.get(8), r.get(4));
        }
        return new Content(rows, kinds);
    }

    private static Content jsonl(BufferedReader reader, Manifest m) throws IOException {
        long rows = 0;
        long[] kinds = new long[ExportedChange.KINDS.size()];
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            rows++;
            JsonNode row;
            try {
                row = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("line " + rows + " is not JSON");
            }
            if (row == null || !row.isObject()) {
                throw new IllegalArgumentException("line " + rows + " is not a JSON object");
            }
            row(
                    kinds,
                    rows,
                    m,
                    row.path("change").asText(null),
                    row.path("run_id").asText(null),
                    row.path("campaign").asText(null));
        }
        return new Content(rows, kinds);
    }

    private static void row(long[] kinds, long row, Manifest m, String change, String runId, String campaign) {
        int kind = ExportedChange.KINDS.indexOf(change);
        if (kind < 0) {
            throw new IllegalArgumentException(
                    "row " + row + " has change '" + change + "', not one of " + ExportedChange.KINDS);
        }
        kinds[kind]++;
        if (!m.runId().equals(runId) || !m.campaign().equals(campaign)) {
            throw new IllegalArgumentException("row " + row + " has run_id " + runId + " and campaign " + campaign
                    + ", the manifest " + m.runId() + " and " + m.campaign());
        }
    }
}
