package org.civicinsights.streaming;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.IcebergCatalogProperties;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.io.RetainedCheckpoints;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.Pseudonymisers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka interactions topic -> validate and pseudonymise -> drop repeated event ids -> Iceberg
 * {@code raw.interactions}; rejected records -> {@code raw.rejected_events}; repeated ids ->
 * {@code raw.duplicate_events}. Exactly-once: Kafka offsets and Iceberg commits move together on
 * checkpoints.
 *
 * <p>Runs as {@code java -jar civic-streaming-jobs.jar --key value ...} on a local MiniCluster, or
 * unchanged with {@code flink run civic-streaming-jobs.jar --key value ...} on a cluster.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    public static final String SUMMARY_PREFIX = "INGEST-SUMMARY ";

    private IngestJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage());
            return;
        }
        CivicConfig config;
        IngestJobSettings settings;
        CitizenPseudonymiser pseudonymiser;
        try {
            config = CivicConfig.fromArgs(args, System.getenv());
            settings = IngestJobSettings.from(config);
            pseudonymiser = Pseudonymisers.fromConfig(config);
        } catch (IllegalArgumentException e) {
            System.err.println("civic ingest: " + e.getMessage() + "\n\n" + usage());
            System.exit(2);
            return;
        }
        LOG.info(
                "ingest job starting: topic={} bootstrap={} catalog={} bounded={}",
                settings.topic(),
                settings.bootstrapServers(),
                settings.catalogUri(),
                settings.bounded());
        // the Kafka and catalog clients' properties travel inside the job graph (secrets only as
        // references: a ${file:...} login, a credential file's path, read by each task); only their
        // masked form is logged
        LOG.info("kafka client properties: {}", CivicConfig.masked(settings.kafkaClient()));
        LOG.info(
                "catalog {} properties: {}",
                settings.catalogName(),
                CivicConfig.masked(IcebergCatalogProperties.declared(config)));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(settings));
        env.setParallelism(settings.parallelism());
        env.enableCheckpointing(settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);

        DataStream<IncomingRecord> records = env.fromSource(
                        kafkaSource(settings), WatermarkStrategy.noWatermarks(), "kafka:" + settings.topic())
                .uid("kafka-source");
        RecordTriage triage = new RecordTriage(
                new InteractionEventCodec(pseudonymiser, Clock.systemUTC()), pseudonymiser, settings.rejectedTopic());
        IngestPipeline.Outputs out = IngestPipeline.build(
                records, triage, settings.dedupWindow(), settings.failAfterRecords(), settings.failTimes());

        CatalogLoader catalog = LakeCatalog.from(config);
        sinkTo(out.interactions(), catalog, LakeTables.INTERACTIONS, LakeTables.interactionColumns());
        sinkTo(out.rejected(), catalog, LakeTables.REJECTED_EVENTS, LakeTables.rejectedColumns());
        sinkTo(out.duplicates(), catalog, LakeTables.DUPLICATE_EVENTS, LakeTables.duplicateColumns());

        JobExecutionResult result = env.execute("civic-ingest " + settings.topic());
        if (settings.bounded()) {
            IngestSummary summary = IngestSummary.from(result.getAllAccumulatorResults());
            System.out.println(summary.describe());
            System.out.println(SUMMARY_PREFIX + summary.toJson());
            if (!summary.balanced()) {
                System.err.println("civic ingest: counts do not balance: " + summary.describe());
                System.exit(1);
            }
        }
    }

    /** Both topics; a pattern, so a rejected-records topic that does not exist yet is no error. */
    static Pattern topics(IngestJobSettings s) {
        return Pattern.compile(Pattern.quote(s.topic()) + "|" + Pattern.quote(s.rejectedTopic()));
    }

    static KafkaSource<IncomingRecord> kafkaSource(IngestJobSettings s) {
        Properties clientProperties = new Properties();
        clientProperties.putAll(s.kafkaClient());
        KafkaSourceBuilder<IncomingRecord> b = KafkaSource.<IncomingRecord>builder()
                // first: the builder's own settings below win (KafkaClientProperties refuses those keys anyway)
                .setProperties(clientProperties)
                .setBootstrapServers(s.bootstrapServers())
                .setTopicPattern(topics(s))
                .setGroupId(s.consumerGroup())
                // offsets restored from a checkpoint win; these apply on a first start only
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new IncomingRecordDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (s.bounded()) {
            b.setBounded(OffsetsInitializer.latest()); // everything on the topic when the job starts
        } else {
            b.setProperty("partition.discovery.interval.ms", "30000"); // partitions added to the topic
        }
        return b.build();
    }

    private static <T> void sinkTo(
            DataStream<T> stream,
            CatalogLoader catalog,
            String table,
            Map<String, LakeRowConverter.Column<T>> columns) {
        TableLoader loader = TableLoader.fromCatalog(catalog, TableIdentifier.of(LakeTables.RAW, table));
        RowType rowType;
        loader.open();
        try (TableLoader l = loader) {
            Table t = l.loadTable();
            rowType = FlinkSchemaUtil.convert(t.schema());
        } catch (IOException e) {
            throw new IllegalStateException("cannot load table raw." + table, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "table " + LakeTables.RAW + "." + table + " is not in the catalog: run `civic ddl migrate` first ("
                            + e.getMessage() + ")",
                    e);
        }
        DataStream<RowData> rows = stream.map(new LakeRowConverter<>(rowType, columns))
                .returns(InternalTypeInfo.of(rowType))
                .name("to-row:" + table)
                .uid("to-row-" + table);
        IcebergSink.forRowData(rows)
                .tableLoader(TableLoader.fromCatalog(catalog, TableIdentifier.of(LakeTables.RAW, table)))
                // rows of one day partition go to one writer: one file per partition per commit,
                // not one per writer, so commits make fewer, larger files
                .distributionMode(DistributionMode.HASH)
                .uidSuffix(table)
                .append();
    }

    /** Sizing for the local MiniCluster (ignored by a real cluster) plus recovery behaviour. */
    static Configuration flinkConfiguration(IngestJobSettings s) throws IOException {
        Configuration c = new Configuration();
        c.setString("taskmanager.numberOfTaskSlots", String.valueOf(Math.max(2, s.parallelism())));
        c.setString("taskmanager.memory.managed.size", "32m");
        c.setString("taskmanager.memory.network.min", "64m");
        c.setString("taskmanager.memory.network.max", "64m");
        if (s.bounded()) {
            c.setString("restart-strategy.type", "fixed-delay");
            c.setString("restart-strategy.fixed-delay.attempts", "10");
            c.setString("restart-strategy.fixed-delay.delay", "2 s");
        } else {
            // a continuous job outlives outages of Kafka or the catalog: retry with backoff, forever
            c.setString("restart-strategy.type", "exponential-delay");
            c.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
            c.setString("restart-strategy.exponential-delay.max-backoff", "15 s");
            c.setString("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
            c.setString("restart-strategy.exponential-delay.reset-backoff-threshold", "5 min");
        }
        if (s.checkpointDir() != null) {
            Path dir = Path.of(s.checkpointDir()).toAbsolutePath();
            c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
            c.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
            c.setString("execution.checkpointing.num-retained", "2");
            Optional<Path> latest = s.resume() ? RetainedCheckpoints.latest(dir) : Optional.empty();
            if (latest.isPresent()) {
                LOG.info("resuming from retained checkpoint {}", latest.get());
                c.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.get().toUri().toString());
                RetainedCheckpoints.removeOtherJobs(dir, List.of(latest.get().getParent()));
            }
        }
        return c;
    }

    static String usage() {
        return String.join(
                "\n",
                "Usage: java -jar civic-streaming-jobs.jar [--key value ...]",
                "       flink run civic-streaming-jobs.jar [--key value ...]",
                "",
                "Streams interaction events from Kafka into the Iceberg lake (raw.interactions,",
                "raw.rejected_events, raw.duplicate_events), exactly-once.",
                "",
                "  --config FILE                    properties file with the keys below",
                "  --kafka.bootstrap HOST:PORT      Kafka bootstrap servers (default 127.0.0.1:9092)",
                "  --kafka.topic NAME               interactions topic (default civic.interactions.v1)",
                "  --kafka.rejected-topic NAME      records producers could not map (default civic.interactions.rejected.v1)",
                "  --kafka.client.<property> VALUE  any Kafka consumer property (security.protocol, sasl.*, ssl.*,",
                "                                   config.providers...), then --kafka.client.ingest.<property> on top",
                "  --catalog.uri URL                Iceberg REST catalog (default http://127.0.0.1:8181)",
                "  --catalog.<property> VALUE       any other Iceberg catalog property, handed to the catalog client",
                "                                   without the catalog. prefix: catalog.warehouse, catalog.token,",
                "                                   catalog.io-impl, catalog.s3.endpoint, ...;",
                "                                   catalog.catalog-impl CLASS for a catalog other than REST",
                "  --catalog.credential-file FILE   OAuth2 client_id:client_secret, read where the catalog is loaded",
                "                                   (main and every task, so the file must be there): the job graph",
                "                                   holds only the path (an inline catalog.credential would be in it)",
                "  --catalog.name NAME              the catalog client's name (default lake)",
                "  --pseudonymisation.key BASE64    HMAC key, or --pseudonymisation.key-file FILE",
                "  --ingest.bounded true            stop at the topic's end offsets at start, print a summary",
                "  --ingest.checkpoint-interval-ms N  checkpoint (and lake commit) interval, default 10000",
                "  --ingest.checkpoint-dir DIR      keep checkpoints there (file system) and resume from the newest",
                "  --ingest.resume false            do not resume from a checkpoint found in that folder",
                "  --ingest.parallelism N           default 2",
                "  --ingest.consumer-group NAME     default civic-ingest",
                "  --ingest.dedup-window-hours N    repeated event ids dropped within this window, default 168",
                "Every key can also come from the environment: CIVIC_KAFKA_BOOTSTRAP,",
                "CIVIC_CATALOG_S3_SECRET_ACCESS_KEY etc. Give secrets (catalog.credential, catalog.token,",
                "catalog.s3.secret-access-key, the key) in the --config file or the environment, not here:",
                "a command line shows in process listings. Kafka passwords: as Kafka config provider",
                "references (${file:PATH:KEY}) resolved where the job's tasks run.");
    }
}
