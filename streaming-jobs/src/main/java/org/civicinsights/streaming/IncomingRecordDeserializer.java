package org.civicinsights.streaming;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps every message, whatever its content: validation happens downstream so bad ones are recorded. */
public class IncomingRecordDeserializer implements KafkaRecordDeserializationSchema<IncomingRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IncomingRecord> out) {
        // Malformed UTF-8 becomes U+FFFD rather than failing the job; the JSON parser then rejects it.
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        out.collect(new IncomingRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), value));
    }

    @Override
    public TypeInformation<IncomingRecord> getProducedType() {
        return TypeInformation.of(IncomingRecord.class);
    }
}
