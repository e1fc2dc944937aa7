package org.civicinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.event.RecordHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "rejected",
        mixinStandardHelpOptions = true,
        description = "Inspect rejected records (lake.raw.rejected_events) and replay them after a fix.",
        subcommands = {RejectedCommand.ListRejected.class, RejectedCommand.Show.class, RejectedCommand.Replay.class})
public class RejectedCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Filters shared by list and replay. */
    static class Filter {
        @Option(names = "--reason", description = "Only this reason code (e.g. unknown_channel).")
        String reason;

        @Option(
                names = "--producer",
                description = "Only records rejected by this producer (an import mapping, collector).")
        String producer;

        @Option(
                names = "--since",
                paramLabel = "YYYY-MM-DD",
                description = "Only records rejected on or after this day (UTC).")
        String since;

        @Option(names = "--id", paramLabel = "TOPIC/PARTITION/OFFSET", description = "Only these records (repeatable).")
        List<String> ids = new ArrayList<>();

        /** A WHERE clause with ? placeholders, and its values in order. */
        Map.Entry<String, List<Object>> where() {
            List<String> terms = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            terms.add("1 = 1");
            if (reason != null) {
                terms.add("reason = ?");
                values.add(reason);
            }
            if (producer != null) {
                terms.add("producer = ?");
                values.add(producer);
            }
            if (since != null) {
                terms.add("rejected_at >= CAST(? AS timestamp(6) with time zone)");
                values.add(LocalDate.parse(since) + " 00:00:00 UTC");
            }
            if (!ids.isEmpty()) {
                List<String> ors = new ArrayList<>();
                for (String id : ids) {
                    RecordId r = RecordId.parse(id);
                    ors.add("(source_topic = ? AND source_partition = ? AND source_offset = ?)");
                    values.add(r.topic());
                    values.add(r.partition());
                    values.add(r.offset());
                }
                terms.add("(" + String.join(" OR ", ors) + ")");
            }
            return Map.entry(String.join(" AND ", terms), values);
        }
    }

    /** A rejected record's identity: where it was read from. */
    record RecordId(String topic, int partition, long offset) {
        static RecordId parse(String id) {
            String[] p = id.split("/");
            try {
                if (p.length == 3) {
                    return new RecordId(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]));
                }
            } catch (NumberFormatException ignored) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("a record id looks like TOPIC/PARTITION/OFFSET, not '" + id + "'");
        }

        @Override
        public String toString() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> values) throws Exception {
        PreparedStatement p = c.prepareStatement(sql);
        for (int i = 0; i < values.size(); i++) {
            p.setObject(i + 1, values.get(i));
        }
        return p;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Counts by reason and producer, then the latest records.")
    static class ListRejected implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Mixin
        Filter filter;

        @Option(
                names = "--limit",
                defaultValue = "20",
                description = "Latest records to show (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            Map.Entry<String, List<Object>> where = filter.where();
            // counts and details, never the payload: the analyst may read that
            try (Connection c = TrinoConnections.open(context.config(), TrinoRole.ANALYST)) {
                print(
                        c,
                        "SELECT reason, coalesce(producer, 'ingest (contract)') AS rejected_by, source_topic, count(*) AS records, "
                                + "min(rejected_at) AS first, max(rejected_at) AS last FROM raw.rejected_events WHERE "
                                + where.getKey()
                                + " GROUP BY 1, 2, 3 ORDER BY records DESC",
                        where.getValue());
                System.out.println();
                print(
                        c,
                        "SELECT concat(source_topic, '/', CAST(source_partition AS varchar), '/', CAST(source_offset AS varchar)) AS id, "
                                + "rejected_at, reason, substr(detail, 1, 80) AS detail FROM raw.rejected_events WHERE "
                                + where.getKey()
                                + " ORDER BY rejected_at DESC, id LIMIT " + Math.max(1, limit),
                        where.getValue());
            }
            return 0;
        }

        private static void print(Connection c, String sql, List<Object> values) throws Exception {
            try (PreparedStatement p = prepare(c, sql, values);
                    ResultSet rs = p.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cols.add(md.getColumnLabel(i));
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= cols.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                System.out.print(ResultFormatter.format(cols, rows, ResultFormatter.Format.TABLE));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Every column of one rejected record.")
    static class Show implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Parameters(paramLabel = "TOPIC/PARTITION/OFFSET", description = "The record, as `rejected list` shows it.")
        String id;

        @Override
        public Integer call() throws Exception {
            RecordId r = RecordId.parse(id);
            // every column, the raw payload too: the engineer's
            try (Connection c = TrinoConnections.open(context.config(), TrinoRole.ENGINEER);
                    PreparedStatement p = prepare(
                            c,
                            "SELECT * FROM raw.rejected_events WHERE source_topic = ? "
                                    + "AND source_partition = ? AND source_offset = ?",
                            List.of(r.topic(), r.partition(), r.offset()));
                    ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no rejected record " + r);
                }
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    System.out.printf("%-17s %s%n", md.getColumnLabel(i), rs.getString(i));
                }
            }
            return 0;
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = {
                "Send rejected records again through the normal path (Kafka -> ingest job), after a contract",
                "or data fix. Each keeps its event_id, so replaying twice adds nothing twice. Records an importer",
                "rejected are fixed in its mapping and imported again instead (`civic import` is idempotent)."
            })
    static class Replay implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Mixin
        Filter filter;

        @Option(
                names = "--set",
                paramLabel = "FIELD=VALUE",
                description =
                        "Correct a field before sending (JSON value, or text), e.g. --set channel=portal. Repeatable.")
        Map<String, String> corrections = new LinkedHashMap<>();

        @Option(names = "--dry-run", description = "Show what would be sent, send nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            if (filter.reason == null && filter.ids.isEmpty() && filter.producer == null) {
                throw new IllegalArgumentException("say what to replay: --reason, --id or --producer");
            }
            CivicConfig config = context.config();
            String topic = config.get(CivicConfig.KAFKA_TOPIC);
            Map.Entry<String, List<Object>> where = filter.where();
            List<String[]> toSend = new ArrayList<>();
            int skipped = 0;
            try (Connection c = TrinoConnections.open(config, TrinoRole.ENGINEER);
                    PreparedStatement p = prepare(
                            c,
                            "SELECT source_topic, source_partition, source_offset, producer, raw_payload "
                                    + "FROM raw.rejected_events WHERE " + where.getKey()
                                    + " ORDER BY source_topic, source_partition, source_offset",
                            where.getValue());
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3);
                    if (rs.getString(4) != null) {
                        skipped++; // rejected by an importer: its raw payload is a source row, not an event
                        continue;
                    }
                    toSend.add(new String[] {id, corrected(rs.getString(5), corrections)});
                }
            }
            System.out.printf("%d record(s) to replay to %s%s%n", toSend.size(), topic, dryRun ? " (dry run)" : "");
            if (skipped > 0) {
                System.out.printf(
                        "%d record(s) skipped: rejected by an importer; fix the mapping and run `civic import` again%n",
                        skipped);
            }
            if (dryRun) {
                toSend.stream().limit(10).forEach(r -> System.out.println("  " + r[0] + "  " + r[1]));
                return 0;
            }
            send(config, topic, toSend);
            System.out.printf(
                    "replayed %d record(s); the ingest job accepts, rejects or drops (as duplicates) each again%n",
                    toSend.size());
            return 0;
        }

        /** Applies --set corrections to a JSON object payload; other payloads only go as they are. */
        static String corrected(String payload, Map<String, String> corrections) throws Exception {
            if (corrections.isEmpty()) {
                return payload;
            }
            ObjectMapper m = new ObjectMapper();
            JsonNode n;
            try {
                n = m.readTree(payload);
            } catch (Exception e) {
                n = null;
            }
            if (!(n instanceof ObjectNode o)) {
                throw new IllegalArgumentException("--set needs records whose payload is a JSON object; "
                        + "replay invalid_json records without --set, or select them with --id");
            }
            for (Map.Entry<String, String> c : corrections.entrySet()) {
                JsonNode value;
                try {
                    value = m.readTree(c.getValue());
                } catch (Exception e) {
                    value = m.getNodeFactory().textNode(c.getValue());
                }
                o.set(c.getKey(), value);
            }
            return o.toString();
        }

        private static void send(CivicConfig config, String topic, List<String[]> records) throws Exception {
            Properties p = new Properties();
            // the platform's producer settings (security...), then what a replay's delivery rests on
            p.putAll(KafkaClientProperties.of(config, KafkaClientProperties.Kind.PRODUCER));
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(CivicConfig.KAFKA_BOOTSTRAP));
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                List<Future<?>> acks = new ArrayList<>();
                for (String[] r : records) {
                    ProducerRecord<String, String> rec = new ProducerRecord<>(topic, null, r[1]);
                    rec.headers().add(RecordHeaders.REPLAY_OF, r[0].getBytes(StandardCharsets.UTF_8));
                    acks.add(producer.send(rec));
                }
                for (var a : acks) {
                    a.get(60, TimeUnit.SECONDS); // an unacknowledged replay is an error, not a silent loss
                }
            }
        }
    }
}
