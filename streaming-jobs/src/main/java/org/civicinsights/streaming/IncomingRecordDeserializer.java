package org.civicinsights.streaming;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.civicinsights.common.event.RecordHeaders;

/** Keeps every message, whatever its content: validation happens downstream so bad ones are recorded. */
public class IncomingRecordDeserializer implements KafkaRecordDeserializationSchema<IncomingRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IncomingRecord> out) {
        // Malformed UTF-8 becomes U+FFFD rather than failing the job; the JSON parser then rejects it.
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        IncomingRecord in =
                new IncomingRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value);
        Header replay = record.headers().lastHeader(RecordHeaders.REPLAY_OF);
        if (replay != null && replay.value() != null) {
            in.replayOf = new String(replay.value(), StandardCharsets.UTF_8);
        }
        out.collect(in);
    }

    @Override
    public TypeInformation<IncomingRecord> getProducedType() {
        return TypeInformation.of(IncomingRecord.class);
    }
}
