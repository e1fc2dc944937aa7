package org.civicinsights.batch.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.civicinsights.batch.activation.OutreachChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    static final String C = "overdue_case_update";
    static final ExportHeader DAY2 =
            new ExportHeader("20240502-0300", "20240501-0300", LocalDate.of(2024, 5, 2), C, 3, "tpl_overdue", 2, 1250);
    static final List<ExportedChange> CHANGES = List.of(
            new ExportedChange("added", "k1", "app_io", null),
            new ExportedChange("added", "k,2", "sms", null),
            new ExportedChange("added", "k\"3\"", "email", null),
            new ExportedChange("removed", "k4", null, "call"),
            new ExportedChange("removed", "k5", null, "sms"),
            new ExportedChange("changed", "k6", "sms", "app_io"));
    static final ObjectMapper MAPPER = new ObjectMapper();

    final Configuration conf = new Configuration();

    @TempDir
    Path outbox;

    @Test
    void jsonIsTheContract() {
        assertThat(Outbox.json(DAY2, new ExportedChange("changed", "k\"6", "sms", "app_io")))
                .isEqualTo("{\"schema_version\":1,"
                        + "\"run_id\":\"20240502-0300\",\"previous_run_id\":\"20240501-0300\",\"run_date\":\"2024-05-02\",\"campaign\":\"overdue_case_update\","
                        + "\"campaign_version\":3,\"change\":\"changed\",\"citizen_key\":\"k\\\"6\",\"channel\":\"sms\",\"previous_channel\":\"app_io\","
                        + "\"template\":\"tpl_overdue\",\"priority\":2}");
        ExportHeader first = new ExportHeader("r1", null, LocalDate.of(2024, 5, 1), C, 1, "t", 1, 1);
        assertThat(Outbox.json(first, new ExportedChange("added", "k1", "email", null)))
                .isEqualTo(
                        "{\"schema_version\":1,\"run_id\":\"r1\","
                                + "\"previous_run_id\":null,\"run_date\":\"2024-05-01\",\"campaign\":\"overdue_case_update\",\"campaign_version\":1,"
                                + "\"change\":\"added\",\"citizen_key\":\"k1\",\"channel\":\"email\",\"previous_channel\":null,\"template\":\"t\",\"priority\":1}");
    }

    @Test
    void csvQuotesOnlyWhenNeeded() {
        assertThat(Outbox.csvHeader())
                .isEqualTo(
                        "change,citizen_key,channel,previous_channel,campaign,campaign_version,template,priority,run_id,run_date\n");
        assertThat(Outbox.csvLine(DAY2, new ExportedChange("removed", "a,\"b\"\nc", null, "call")))
                .isEqualTo(
                        "removed,\"a,\"\"b\"\"\nc\",,call,overdue_case_update,3,tpl_overdue,2,20240502-0300,2024-05-02\n");
        assertThat(Outbox.csvLine(DAY2, new ExportedChange("added", "k1", "app_io", null)))
                .isEqualTo("added,k1,app_io,,overdue_case_update,3,tpl_overdue,2,20240502-0300,2024-05-02\n");
    }

    @Test
    void changesAreValidated() {
        assertThatThrownBy(() -> new ExportedChange("moved", "k", "sms", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("moved");
        assertThatThrownBy(() -> new ExportedChange("added", "k", "fax", null)).hasMessageContaining("fax");
        assertThatThrownBy(() -> new ExportedChange("added", "k", "sms", "email"))
                .hasMessageContaining("previous channel");
        assertThatThrownBy(() -> new ExportedChange("removed", "k", null, null))
                .hasMessageContaining("previous channel");
        assertThatThrownBy(() -> new ExportedChange("changed", "k", null, "sms"))
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> new ExportedChange("added", null, "sms", null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExportHeader("../x", null, LocalDate.of(2024, 5, 1), C, 1, "t", 1, 0))
                .hasMessageContaining("run id");
        assertThatThrownBy(() -> new ExportHeader("_tmp-x", null, LocalDate.of(2024, 5, 1), C, 1, "t", 1, 0))
                .hasMessageContaining("run id");
        assertThat(ExportedChange.of(new OutreachDelta.Change(
                        OutreachDelta.Kind.CHANGED, C, "k", OutreachChannel.SMS, OutreachChannel.APP_IO)))
                .isEqualTo(new ExportedChange("changed", "k", "sms", "app_io"));
    }

    @Test
    void writesAVerifiableExport() throws Exception {
        Manifest m = Outbox.write(conf, outbox.toUri().toString(), DAY2, CHANGES.iterator());

        Path dir = outbox.resolve(C).resolve(DAY2.runId());
        assertThat(Path.of(URI.create(m.uri()))).isEqualTo(dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("changes.csv", "changes.jsonl", "manifest.json");
        }
        assertThat(m.changes()).isEqualTo(new Manifest.Changes(3, 2, 1));
        assertThat(m.header()).isEqualTo(DAY2);
        for (Manifest.FileEntry f : m.files()) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f.name()));
            assertThat(f.sha256())
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(f.bytes()).isEqualTo(bytes.length);
            assertThat(f.rows()).isEqualTo(6);
        }
        assertThat(m.files())
                .extracting(Manifest.FileEntry::name, Manifest.FileEntry::format)
                .containsExactly(tuple("changes.csv", "csv"), tuple("changes.jsonl", "jsonl"));

        Manifest verified = Outbox.verify(conf, dir.toString());
        assertThat(verified).isEqualTo(m);

        // the manifest as the CRM reads it
        JsonNode manifest = MAPPER.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("schema_version").asInt()).isEqualTo(1);
        assertThat(manifest.get("previous_run_id").asText()).isEqualTo("20240501-0300");
        assertThat(manifest.get("list_size").asLong()).isEqualTo(1250);
        assertThat(manifest.get("changes").toString())
                .isEqualTo("{\"added\":3,\"removed\":2,\"changed\":1,\"total\":6}");
        assertThat(manifest.get("files").get(0).get("sha256").asText()).matches("[0-9a-f]{64}");

        // rows in order, with the csv quoting of the keys with a comma and a quote
        List<String> csv = Files.readAllLines(dir.resolve("changes.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(7);
        assertThat(csv.get(0)).isEqualTo(Outbox.csvHeader().strip());
        assertThat(csv.get(2)).startsWith("added,\"k,2\",sms,,");
        assertThat(csv.get(3)).startsWith("added,\"k\"\"3\"\"\",email,,");
        List<String> jsonl = Files.readAllLines(dir.resolve("changes.jsonl"), StandardCharsets.UTF_8);
        assertThat(jsonl).hasSize(6);
        for (int i = 0; i < jsonl.size(); i++) {
            JsonNode row = MAPPER.readTree(jsonl.get(i));
            ExportedChange c = CHANGES.get(i);
            assertThat(jsonl.get(i)).isEqualTo(Outbox.json(DAY2, c));
            assertThat(row.get("change").asText()).isEqualTo(c.change());
            assertThat(row.get("citizen_key").asText()).isEqualTo(c.citizenKey());
            assertThat(row.get("channel").isNull() ? null : row.get("channel").asText())
                    .isEqualTo(c.channel());
            assertThat(
                            row.get("previous_channel").isNull()
                                    ? null
                                    : row.get("previous_channel").asText())
                    .isEqualTo(c.previousChannel());
            assertThat(row.get("run_id").asText()).isEqualTo("20240502-0300");
            assertThat(row.get("campaign").asText()).isEqualTo(C);
            assertThat(row.get("run_date").asText()).isEqualTo("2024-05-02");
        }
        assertNoTemporaryDirectory();
    }

    @Test
    void anExportIsNeverOverwritten() throws Exception {
        Outbox.write(conf, outbox.toString(), DAY2, CHANGES.iterator());
        Path dir = outbox.resolve(C).resolve(DAY2.runId());
        Map<String, byte[]> before = contents(dir);

        assertThatThrownBy(() -> Outbox.write(
                        conf, outbox.toString(), DAY2, List.of(CHANGES.get(0)).iterator()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file:" + dir)
                .hasMessageContaining("already exists");

        Map<String, byte[]> after = contents(dir);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        assertNoTemporaryDirectory();
    }

    @Test
    void verifyFindsATamperedByte() throws Exception {
        Outbox.write(conf, outbox.toString(), DAY2, CHANGES.iterator());
        Path csv = outbox.resolve(C).resolve(DAY2.runId()).resolve("changes.csv");
        byte[] bytes = Files.readAllBytes(csv);
        int i = Outbox.csvHeader().length() + 1; // in the first row's "added": still a valid csv
        bytes[i] = (byte) (bytes[i] == 'd' ? 'D' : 'd');
        Files.write(csv, bytes);

        assertThatThrownBy(() -> Outbox.verify(conf, csv.getParent().toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changes.csv")
                .hasMessageContaining("sha256");
    }

    @Test
    void verifyChecksTheCountsAgainstTheRows() throws Exception {
        Manifest m = Outbox.write(conf, outbox.toString(), DAY2, CHANGES.iterator());
        Path manifest = outbox.resolve(C).resolve(DAY2.runId()).resolve("manifest.json");
        // a manifest whose checksums match but whose counts do not: the rows must agree with the counts
        String json = Files.readString(manifest)
                .replace("\"added\" : 3", "\"added\" : 2")
                .replace("\"removed\" : 2", "\"removed\" : 3");
        assertThat(json).isNotEqualTo(Files.readString(manifest));
        Files.writeString(manifest, json);

        assertThatThrownBy(() -> Outbox.verify(conf, m.uri()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changes.csv")
                .hasMessageContaining("[2, 3, 1]")
                .hasMessageContaining("[3, 2, 1]");
    }

    @Test
    void verifyCountsCsvRecordsNotLines() throws Exception {
        // a quoted line break is part of the field: 2 rows on 4 lines
        List<ExportedChange> changes = List.of(
                new ExportedChange("added", "a\r\nb", "sms", null),
                new ExportedChange("removed", "c\nd,\"", null, "sms"));
        Manifest m = Outbox.write(conf, outbox.toString(), DAY2, changes.iterator());

        assertThat(Files.readAllLines(outbox.resolve(C).resolve(DAY2.runId()).resolve("changes.csv")))
                .hasSize(5);
        assertThat(Outbox.verify(conf, m.uri()).files())
                .extracting(Manifest.FileEntry::rows)
                .containsExactly(2L, 2L);
    }

    @Test
    void anEmptyDeltaHasEmptyFiles() throws Exception {
        ExportHeader first =
                new ExportHeader("20240501-0300", null, LocalDate.of(2024, 5, 1), C, 1, "tpl_overdue", 2, 0);
        Manifest m = Outbox.write(
                conf, outbox.toString(), first, List.<ExportedChange>of().iterator());

        Path dir = outbox.resolve(C).resolve("20240501-0300");
        assertThat(Files.readString(dir.resolve("changes.csv"))).isEqualTo(Outbox.csvHeader());
        assertThat(Files.size(dir.resolve("changes.jsonl"))).isZero();
        assertThat(m.changes()).isEqualTo(new Manifest.Changes(0, 0, 0));
        assertThat(m.files()).extracting(Manifest.FileEntry::rows).containsExactly(0L, 0L);
        assertThat(m.file("changes.jsonl").sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MAPPER.readTree(dir.resolve("manifest.json").toFile())
                        .get("previous_run_id")
                        .isNull())
                .isTrue();
        assertThat(Outbox.verify(conf, dir.toString())).isEqualTo(m);
    }

    @Test
    void aFailedWriteLeavesNothing() throws Exception {
        Iterator<ExportedChange> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public ExportedChange next() {
                if (++n > 3) {
                    throw new IllegalStateException("the delta failed");
                }
                return CHANGES.get(n - 1);
            }
        };
        assertThatThrownBy(() -> Outbox.write(conf, outbox.toString(), DAY2, failing))
                .hasMessage("the delta failed");

        assertNoTemporaryDirectory();
        assertThat(outbox.resolve(C).resolve(DAY2.runId())).doesNotExist();
        assertThat(Outbox.runs(conf, outbox.toString(), C)).isEmpty();
        // and the run can be written again
        Outbox.write(conf, outbox.toString(), DAY2, CHANGES.iterator());
        assertThat(Outbox.runs(conf, outbox.toString(), C)).containsExactly(DAY2.runId());
    }

    @Test
    void runsAreTheCompletedExports() throws Exception {
        assertThat(Outbox.runs(conf, outbox.toString(), C)).isEmpty();
        Outbox.write(conf, outbox.toString(), DAY2, CHANGES.iterator());
        Outbox.write(
                conf,
                outbox.toString(),
                new ExportHeader("20240501-0300", null, LocalDate.of(2024, 5, 1), C, 3, "tpl_overdue", 2, 1200),
                List.of(new ExportedChange("added", "k4", "call", null)).iterator());
        // an interrupted copy to an object store (no manifest) and a leftover temporary directory
        Files.createDirectories(outbox.resolve(C).resolve("20240503-0300"));
        Files.writeString(outbox.resolve(C).resolve("20240503-0300").resolve("changes.csv"), Outbox.csvHeader());
        Files.createDirectories(outbox.resolve(C).resolve("_tmp-20240504-0300-x"));
        Files.writeString(outbox.resolve(C).resolve("_tmp-20240504-0300-x").resolve("manifest.json"), "{}");
        Files.createDirectories(outbox.resolve("another_campaign").resolve("20240501-0300"));

        assertThat(Outbox.runs(conf, outbox.toUri().toString(), C)).containsExactly("20240501-0300", "20240502-0300");
        assertThatThrownBy(() -> Outbox.verify(
                        conf, outbox.resolve(C).resolve("20240503-0300").toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("manifest.json");
    }

    @Test
    void aWithdrawnExportLosesItsManifestAndIsSetAside() throws Exception {
        Manifest m = Outbox.write(conf, outbox.toString(), DAY2, CHANGES.iterator());
        String failed = Outbox.withdraw(conf, m.uri(), DAY2.runId());
        Path aside = outbox.resolve(C).resolve("_failed-" + DAY2.runId());
        assertThat(failed).endsWith("_failed-" + DAY2.runId());
        assertThat(aside.resolve(Outbox.CSV_FILE)).exists();
        assertThat(aside.resolve(Manifest.FILE_NAME)).doesNotExist();
        assertThat(Outbox.runs(conf, outbox.toString(), C)).isEmpty();
        assertNoTemporaryDirectory();
    }

    private void assertNoTemporaryDirectory() throws IOException {
        try (Stream<Path> all = Files.walk(outbox)) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("_tmp-") || n.endsWith(".crc"));
        }
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
