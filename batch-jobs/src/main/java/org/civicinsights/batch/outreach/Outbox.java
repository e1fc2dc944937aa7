package org.civicinsights.batch.outreach;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.civicinsights.batch.YamlDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file half of the outreach export to the CRM: one directory per campaign and run,
 * {@code <outbox>/<campaign>/<runId>/}, holding the run's delta as {@code changes.csv} and
 * {@code changes.jsonl} and, written last, {@code manifest.json} with each file's rows, size and
 * SHA-256 (see {@link Manifest}).
 *
 * <p>Files go through the Hadoop {@link FileSystem} of the outbox URI, so the outbox may be a local
 * path ({@code file:} or no scheme on a default local file system), {@code hdfs://}, or an object
 * store such as {@code s3a://} when its connector is on the classpath.
 *
 * <p>{@link #json} is also the value of the Kafka message of a change, so the two halves of the
 * export cannot drift apart.
 */
public final class Outbox {

    /** The version of the rows and the manifest; the CRM refuses versions it does not know. */
    public static final int SCHEMA_VERSION = 1;

    public static final String CSV_FILE = "changes.csv";
    public static final String JSONL_FILE = "changes.jsonl";
    static final String CSV = "csv";
    static final String JSONL = "jsonl";
    /** Hidden by the leading {@code _} from {@link #runs} and from Hadoop's input formats. */
    static final String TMP_PREFIX = "_tmp-";

    static final List<String> CSV_COLUMNS = List.of(
            "change",
            "citizen_key",
            "channel",
            "previous_channel",
            "campaign",
            "campaign_version",
            "template",
            "priority",
            "run_id",
            "run_date");

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final int BUFFER = 1 << 16;

    private Outbox() {}

    /**
     * One change as one JSON object on one line (no trailing newline), fields in a fixed order, nulls
     * as JSON null: a row of {@code changes.jsonl} and the value of the change's Kafka message. A
     * contract with the CRM: the same input always gives the same string.
     */
    public static String json(ExportHeader h, ExportedChange c) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema_version", SCHEMA_VERSION);
            g.writeStringField("run_id", h.runId());
            g.writeStringField("previous_run_id", h.previousRunId());
            g.writeStringField("run_date", h.runDate().toString());
            g.writeStringField("campaign", h.campaign());
            g.writeNumberField("campaign_version", h.campaignVersion());
            g.writeStringField("change", c.change());
            g.writeStringField("citizen_key", c.citizenKey());
            g.writeStringField("channel", c.channel());
            g.writeStringField("previous_channel", c.previousChannel());
            g.writeStringField("template", h.template());
            g.writeNumberField("priority", h.priority());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /** The header line of {@code changes.csv}, with its {@code \n}. */
    public static String csvHeader() {
        return String.join(",", CSV_COLUMNS) + "\n";
    }

    /** One change as one RFC 4180 line of {@code changes.csv}, with its {@code \n}; null is an empty field. */
    static String csvLine(ExportHeader h, ExportedChange c) {
        StringBuilder b = new StringBuilder(128);
        Object[] values = {
            c.change(),
            c.citizenKey(),
            c.channel(),
            c.previousChannel(),
            h.campaign(),
            h.campaignVersion(),
            h.template(),
            h.priority(),
            h.runId(),
            h.runDate()
        };
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            if (values[i] != null) {
                appendCsv(b, values[i].toString());
            }
        }
        return b.append('\n').toString();
    }

    private static void appendCsv(StringBuilder b, String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
            b.append(v);
        } else {
            b.append('"').append(v.replace("\"", "\"\"")).append('"');
        }
    }

    /**
     * Writes the export of one campaign's delta of one run to {@code <outboxUri>/<campaign>/<runId>/},
     * streaming {@code changes} once (a delta may have millions of rows; nothing is held in memory).
     *
     * <p>The data files are written to a hidden sibling {@code _tmp-<runId>-<random>/}, which is
     * renamed to {@code <runId>}; the manifest is then written into it (as a hidden file renamed to
     * {@code manifest.json}). The manifest is the completion marker on every file system, including
     * object stores where a directory rename is a copy file by file: <b>the CRM must only read a
     * directory that has {@code manifest.json}</b>, and should {@link #verify} it before applying
     * it. On any failure the directory written so far is deleted and the error rethrown.
     *
     * <p>An export is never overwritten: if the run's directory exists this fails before writing
     * anything. The check and the rename are two steps, so two writers of the same run id at the same
     * time are not supported (a run id is one run of the batch job).
     *
     * @return the manifest as written, with the export directory's URI
     * @throws IllegalStateException if the run's export directory already exists
     */
    public static Manifest write(Configuration conf, String outboxUri, ExportHeader h, Iterator<ExportedChange> changes)
            throws IOException {
        Manifest manifest = stage(conf, outboxUri, h, changes);
        try {
            publish(conf, manifest);
        } catch (IOException | RuntimeException e) {
            try {
                new Path(manifest.uri()).getFileSystem(conf).delete(new Path(manifest.uri()), true);
            } catch (IOException | RuntimeException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
        return manifest;
    }

    /**
     * The first half of {@link #write}: the data files in their final directory, without the
     * manifest, so that the CRM does not read them yet (a caller with other work to finish first,
     * such as a Kafka transaction, {@link #publish}es the manifest afterwards). Returns the manifest
     * to publish, with the directory's URI.
     */
    public static Manifest stage(Configuration conf, String outboxUri, ExportHeader h, Iterator<ExportedChange> changes)
            throws IOException {
        Path campaignDir = new Path(new Path(outboxUri), h.campaign());
        FileSystem fs = fileSystem(campaignDir, conf);
        Path target = fs.makeQualified(new Path(campaignDir, h.runId()));
        if (fs.exists(target)) {
            throw new IllegalStateException("the export " + target
                    + " already exists; an export is never overwritten: give the run a new run id");
        }
        Path tmp = new Path(campaignDir, TMP_PREFIX + h.runId() + "-" + UUID.randomUUID());
        try {
            if (!fs.mkdirs(tmp)) {
                throw new IOException("could not create " + fs.makeQualified(tmp));
            }
            Manifest manifest = writeFiles(fs, tmp, h, changes, target.toString());
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + fs.makeQualified(tmp) + " to " + target);
            }
            LOG.info(
                    "outbox: campaign {} run {}: {} changes staged in {}",
                    h.campaign(),
                    h.runId(),
                    manifest.changes().total(),
                    target);
            return manifest;
        } catch (Throwable e) {
            try {
                fs.delete(tmp, true);
            } catch (IOException | RuntimeException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
    }

    /**
     * The second half of {@link #write}: writes a staged export's manifest into its directory (as a
     * hidden file renamed to manifest.json). On an object store the rename of {@link #stage} copies
     * file by file, so only a manifest written after it marks the export complete.
     */
    public static void publish(Configuration conf, Manifest manifest) throws IOException {
        Path dir = new Path(manifest.uri());
        FileSystem fs = fileSystem(dir, conf);
        Path pending = new Path(dir, TMP_PREFIX + Manifest.FILE_NAME);
        try (OutputStream out = fs.create(pending, false)) {
            out.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(pending, new Path(dir, Manifest.FILE_NAME))) {
            throw new IOException("could not rename " + fs.makeQualified(pending) + " to " + Manifest.FILE_NAME);
        }
    }

    private static Manifest writeFiles(
            FileSystem fs, Path dir, ExportHeader h, Iterator<ExportedChange> changes, String uri) throws IOException {
        Sha256Count csvSum = new Sha256Count();
        Sha256Count jsonlSum = new Sha256Count();
        long[] counts = new long[ExportedChange.KINDS.size()];
        try (Writer csv = writer(fs.create(new Path(dir, CSV_FILE), false), csvSum);
                Writer jsonl = writer(fs.create(new Path(dir, JSONL_FILE), false), jsonlSum)) {
            csv.write(csvHeader());
            while (changes.hasNext()) {
                ExportedChange c = changes.next();
                csv.write(csvLine(h, c));
                jsonl.write(json(h, c));
                jsonl.write('\n');
                counts[ExportedChange.KINDS.indexOf(c.change())]++;
            }
        }
        Manifest.Changes totals = new Manifest.Changes(counts[0], counts[1], counts[2]);
        long rows = totals.total();
        List<Manifest.FileEntry> files = List.of(
                new Manifest.FileEntry(CSV_FILE, CSV, rows, csvSum.bytes(), csvSum.hex()),
                new Manifest.FileEntry(JSONL_FILE, JSONL, rows, jsonlSum.bytes(), jsonlSum.hex()));
        Manifest manifest = new Manifest(
                SCHEMA_VERSION,
                h.runId(),
                h.previousRunId(),
                h.runDate(),
                h.campaign(),
                h.campaignVersion(),
                h.template(),
                h.priority(),
                h.listSize(),
                totals,
                files,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                uri);
        return manifest;
    }

    private static Writer writer(OutputStream out, Sha256Count sum) {
        return new BufferedWriter(new OutputStreamWriter(sum.wrap(out), StandardCharsets.UTF_8), BUFFER);
    }

    /**
     * Checks an export directory as the CRM should before applying it: the manifest parses, every
     * listed file has the listed SHA-256, size and row count (a csv's header is not a row), the
     * change counts equal the per-kind counts of both the csv and the jsonl file, and every row
     * carries the manifest's run id and campaign. Reads each file once, streaming.
     *
     * @return the manifest
     * @throws IllegalStateException naming the file and what differs, on any mismatch
     */
    public static Manifest verify(Configuration conf, String exportDirUri) throws IOException {
        Path dir = new Path(exportDirUri);
        FileSystem fs = fileSystem(dir, conf);
        return ExportCheck.verify(fs, fs.makeQualified(dir));
    }

    /**
     * The run ids of a campaign's completed exports (the directories with a {@code manifest.json}),
     * sorted by name; temporary and other hidden directories are ignored. Empty when the campaign has none.
     */
    public static List<String> runs(Configuration conf, String outboxUri, String campaign) throws IOException {
        if (!YamlDefinitions.NAME.matcher(campaign).matches()) {
            throw new IllegalArgumentException("campaign '" + campaign + "' is not a campaign name");
        }
        Path campaignDir = new Path(new Path(outboxUri), campaign);
        FileSystem fs = fileSystem(campaignDir, conf);
        FileStatus[] entries;
        try {
            entries = fs.listStatus(campaignDir);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (FileStatus s : entries) {
            String name = s.getPath().getName();
            if (s.isDirectory()
                    && !name.startsWith("_")
                    && !name.startsWith(".")
                    && fs.exists(new Path(s.getPath(), Manifest.FILE_NAME))) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Takes back a staged or published export of a run that failed: its manifest removed first, so
     * that the CRM, which reads only directories with a manifest and not starting with '_', never
     * applies it, then the directory renamed to {@code _failed-<run id>}. Returns the new location,
     * or null if the rename did not happen.
     */
    public static String withdraw(Configuration conf, String exportDirUri, String runId) throws IOException {
        Path dir = new Path(exportDirUri);
        FileSystem fs = fileSystem(dir, conf);
        fs.delete(new Path(dir, Manifest.FILE_NAME), false);
        Path failed = new Path(dir.getParent(), "_failed-" + runId);
        return fs.rename(dir, failed) ? fs.makeQualified(failed).toString() : null;
    }

    /**
     * The file system of {@code path}. Hadoop's local file system would add a hidden {@code .crc}
     * file beside each file, noise for the CRM (the manifest has the checksums): its raw file system
     * is used instead.
     */
    static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }
}
