package org.civicinsights.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.ingestion.GenerationSummary;
import org.civicinsights.ingestion.GeneratorSettings;
import org.civicinsights.ingestion.InteractionGenerator;
import org.civicinsights.ingestion.JsonLinesRecordSink;
import org.civicinsights.ingestion.KafkaRecordSink;
import org.civicinsights.ingestion.RecordSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Generate realistic, deterministic Rome interaction events (contract v1), with a share of",
            "malformed records and re-sent duplicates, into Kafka (default) or a JSON Lines file."
        })
public class GenerateCommand implements Callable<Integer> {
    @Mixin
    CivicContext context;

    @Option(
            names = "--events",
            defaultValue = "200000",
            description = "Records to produce in total (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--seed", defaultValue = "42", description = "Same seed, same records (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--citizens",
            defaultValue = "20000",
            description = "Residents with a fiscal code (default ${DEFAULT-VALUE}).")
    int citizens;

    @Option(names = "--days", defaultValue = "30", description = "Length of the period (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--start-date", paramLabel = "YYYY-MM-DD", description = "First day (default: today minus --days).")
    LocalDate startDate;

    @Option(
            names = "--city-user-share",
            defaultValue = "0.15",
            description = "Share from city users and tourists (default ${DEFAULT-VALUE}).")
    double cityUserShare;

    @Option(
            names = "--malformed-share",
            defaultValue = "0.005",
            description = "Share of malformed records (default ${DEFAULT-VALUE}).")
    double malformedShare;

    @Option(
            names = "--duplicate-share",
            defaultValue = "0.005",
            description = "Share of re-sent duplicates (default ${DEFAULT-VALUE}).")
    double duplicateShare;

    @Option(names = "--file", paramLabel = "PATH", description = "Write JSON Lines to this file instead of Kafka.")
    Path file;

    @Option(names = "--topic", description = "Kafka topic (default: kafka.topic, civic.interactions.v1).")
    String topic;

    @Override
    public Integer call() throws Exception {
        GeneratorSettings settings = settings();
        CivicConfig config = context.config();
        String target = file != null
                ? file.toString()
                : config.get(CivicConfig.KAFKA_BOOTSTRAP) + " topic "
                        + (topic != null ? topic : config.get(CivicConfig.KAFKA_TOPIC));
        System.out.printf(
                "generating %,d records (seed %d, %,d citizens, %d days from %s) into %s%n",
                settings.events(), settings.seed(), settings.citizens(), settings.days(), settings.startDate(), target);
        Progress progress = new Progress("generated");
        GenerationSummary summary;
        try (RecordSink sink = file != null
                ? new JsonLinesRecordSink(file)
                : KafkaRecordSink.of(config, topic != null ? topic : config.get(CivicConfig.KAFKA_TOPIC))) {
            summary = new InteractionGenerator().generate(settings, sink, progress);
        }
        print(summary, progress.seconds());
        return 0;
    }

    GeneratorSettings settings() {
        return GeneratorSettings.builder()
                .seed(seed)
                .events(events)
                .citizens(citizens)
                .days(days)
                .startDate(startDate)
                .cityUserShare(cityUserShare)
                .malformedShare(malformedShare)
                .duplicateShare(duplicateShare)
                .build();
    }

    static void print(GenerationSummary s, double seconds) {
        System.out.printf(
                "produced %,d records in %.1f s (%,.0f/s): %,d valid events, %,d duplicates, %,d malformed%n",
                s.total(), seconds, s.total() / Math.max(seconds, 1e-3), s.valid(), s.duplicates(), s.malformed());
        for (Map.Entry<String, Long> e : s.malformedByReason().entrySet()) {
            System.out.printf("  malformed %-24s %,8d%n", e.getKey(), e.getValue());
        }
        s.validByChannel()
                .forEach((channel, n) -> System.out.printf("  channel   %-24s %,8d%n", channel.wireName(), n));
        System.out.printf("  self-service share of valid events: %.1f%%%n", 100 * s.selfServiceShare());
    }
}
