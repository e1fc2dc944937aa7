package org.civicinsights.streaming;

import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The ingest dataflow without its ends: records in; unique interactions, rejected records and
 * duplicates out. The job attaches Kafka and Iceberg; tests attach their own source and sinks.
 */
public final class IngestPipeline {
    private IngestPipeline() {}

    public record Outputs(
            DataStream<IngestedInteraction> interactions,
            DataStream<RejectedRecord> rejected,
            DataStream<DuplicateRecord> duplicates) {}

    public static Outputs build(
            DataStream<IncomingRecord> records, RecordTriage triage, Duration dedupWindow, long failAfterRecords) {
        return build(records, triage, dedupWindow, failAfterRecords, 1);
    }

    public static Outputs build(
            DataStream<IncomingRecord> records,
            RecordTriage triage,
            Duration dedupWindow,
            long failAfterRecords,
            int failTimes) {
        SingleOutputStreamOperator<IngestedInteraction> valid = records.process(
                        new ValidateInteractions(triage, failAfterRecords, failTimes))
                .name("validate-and-pseudonymise")
                .uid("validate-and-pseudonymise");
        SingleOutputStreamOperator<IngestedInteraction> unique = valid.keyBy(i -> i.event.eventId.toString())
                .process(new DropRepeatedEvents(dedupWindow))
                .name("drop-repeated-event-ids")
                .uid("drop-repeated-event-ids");
        return new Outputs(
                unique,
                valid.getSideOutput(ValidateInteractions.REJECTED),
                unique.getSideOutput(DropRepeatedEvents.DUPLICATES));
    }
}
