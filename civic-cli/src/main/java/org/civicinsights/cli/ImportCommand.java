package org.civicinsights.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.event.ProducerRejection;
import org.civicinsights.ingestion.JsonLinesRecordSink;
import org.civicinsights.ingestion.KafkaRecordSink;
import org.civicinsights.ingestion.RecordSink;
import org.civicinsights.ingestion.importer.ImportRejections;
import org.civicinsights.ingestion.importer.ImportSummary;
import org.civicinsights.ingestion.importer.Importer;
import org.civicinsights.ingestion.importer.Mapping;
import org.civicinsights.ingestion.importer.Mappings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import another system's file with a declarative mapping: a city's open-data",
            "export (CSV), an Open311 GeoReport v2 requests.json, contact centre (ACD) call",
            "records. Each row becomes interaction events (contract v1), sent to Kafka",
            "(default) or to a JSON Lines file; a row that cannot be mapped becomes a",
            "rejection with a reason, sent to the rejected-records topic or to",
            "FILE.rejected.jsonl. Event ids are stable: importing a file again sends the",
            "same ids, which ingestion drops as duplicates."
        },
        footer = {
            "",
            "Examples:",
            "  civic import --list-mappings",
            "  civic import --mapping sf311 --file sf311-cases.csv --out sf311.jsonl",
            "  civic import --mapping ./my-city.yaml --file export.csv",
            "Mapping format and the bundled mappings: docs/importers.md."
        })
public class ImportCommand implements Callable<Integer> {
    /** Kafka topic of producer rejections, as the ingest job reads it (default {@link ProducerRejection#TOPIC}). */
    static final String REJECTED_TOPIC_KEY = "kafka.rejected-topic";

    @Mixin
    CivicContext context;

    @Option(
            names = "--mapping",
            paramLabel = "NAME|PATH",
            description = "A bundled mapping (see --list-mappings) or the path of a mapping YAML file.")
    String mapping;

    @Option(names = "--file", paramLabel = "PATH", description = "The file to import.")
    Path file;

    @Option(
            names = "--out",
            paramLabel = "FILE.jsonl",
            description =
                    "Write events to this JSON Lines file and rejections to FILE.rejected.jsonl instead of Kafka.")
    Path out;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description = "Kafka topic for the events (default: kafka.topic, civic.interactions.v1).")
    String topic;

    @Option(
            names = "--rejected-topic",
            paramLabel = "TOPIC",
            description =
                    "Kafka topic for the rejections (default: kafka.rejected-topic, civic.interactions.rejected.v1).")
    String rejectedTopicOption;

    @Option(names = "--list-mappings", description = "List the bundled mappings and exit.")
    boolean listMappings;

    @Override
    public Integer call() throws Exception {
        if (listMappings) {
            listMappings();
            return 0;
        }
        if (mapping == null || file == null) {
            throw new IllegalArgumentException("--mapping and --file are required (or --list-mappings)");
        }
        Mapping m = Mappings.load(mapping);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file);
        }
        Path rejectedOut = out == null ? null : rejectedFile(out);
        if (out != null && (sameFile(out, file) || sameFile(rejectedOut, file))) {
            throw new IllegalArgumentException("--out would overwrite the file being imported: " + out);
        }
        CivicConfig config = out == null ? context.config() : null;
        String eventsTopic = config == null ? null : topic != null ? topic : config.get(CivicConfig.KAFKA_TOPIC);
        String rejectedTopic = config == null
                ? null
                : rejectedTopicOption != null
                        ? rejectedTopicOption
                        : config.get(REJECTED_TOPIC_KEY, ProducerRejection.TOPIC);
        String target = out != null
                ? out + " (rejections: " + rejectedOut + ")"
                : config.get(CivicConfig.KAFKA_BOOTSTRAP) + " topic " + eventsTopic + " (rejections: " + rejectedTopic
                        + ")";
        System.out.printf("importing %s with mapping %s (%s) into %s%n", file, m.name(), m.origin(), target);

        Progress progress = new Progress("imported rows");
        ImportSummary summary;
        try (RecordSink events = out != null ? new JsonLinesRecordSink(out) : KafkaRecordSink.of(config, eventsTopic);
                RecordSink rejections = out != null
                        ? new JsonLinesRecordSink(rejectedOut)
                        : KafkaRecordSink.of(config, rejectedTopic)) {
            summary = new Importer().importFile(m, file, events, rejections, progress);
        }
        print(summary);
        if (!summary.complete()) {
            System.err.println("civic import: reading stopped early: " + summary.incompleteReason());
            return 1;
        }
        return 0;
    }

    /** {@code events.jsonl} -> {@code events.rejected.jsonl}; another name gets {@code .rejected.jsonl} appended. */
    static Path rejectedFile(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return out.resolveSibling(base + ".rejected.jsonl");
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    }

    static void print(ImportSummary s) {
        double seconds = s.elapsed().toNanos() / 1e9;
        String broken = s.brokenRecords() == 0 ? "" : String.format(" (%,d of them broken records)", s.brokenRecords());
        System.out.printf(
                "read %,d rows in %.1f s (%,.0f rows/s): %,d mapped, %,d rejected%s%n",
                s.rowsRead(), seconds, s.rowsPerSecond(), s.rowsMapped(), s.rowsRejected(), broken);
        if (s.brokenRecords() > 0) {
            System.out.printf(
                    "  broken records: CSV lines that could not be read, rejected as %s with their line numbers%n",
                    ImportRejections.MALFORMED_RECORD);
        }
        System.out.printf("sent %,d events%n", s.eventsSent());
        s.eventsByType().forEach((type, n) -> System.out.printf("  %-28s %,10d%n", type.wireName(), n));
        System.out.printf(
                "sent %,d rejections (%,d for whole rows, %,d for single events of mapped rows)%n",
                s.rejectionsSent(), s.rowsRejected(), s.eventRejections());
        for (Map.Entry<String, Long> e : s.rejectionsByReason().entrySet()) {
            System.out.printf("  %-28s %,10d%n", e.getKey(), e.getValue());
        }
    }

    private static void listMappings() {
        System.out.println("bundled mappings (civic import --mapping NAME):");
        for (String name : Mappings.bundledNames()) {
            Mapping m = Mappings.load(name);
            String format = m.format().type() == Mapping.FormatType.CSV ? "csv" : "open311-json";
            System.out.printf(
                    "  %-14s %-6s %-13s %s%n",
                    name,
                    m.kind().name().toLowerCase(Locale.ROOT),
                    format,
                    m.description() == null ? "" : m.description());
        }
        System.out.println("or the path of a mapping YAML file (format: docs/importers.md)");
    }
}
