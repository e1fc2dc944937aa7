package org.civicinsights.streaming;

import java.time.Instant;
import java.util.Map;

/**
 * What the ingest job writes into each raw table, column by column. Column names follow the
 * warehouse-ddl migrations; docs/data-dictionary.md describes them.
 */
public final class LakeTables {
    public static final String RAW = "raw";
    public static final String INTERACTIONS = "interactions";
    public static final String REJECTED_EVENTS = "rejected_events";
    public static final String DUPLICATE_EVENTS = "duplicate_events";

    private LakeTables() {}

    public static Map<String, LakeRowConverter.Column<IngestedInteraction>> interactionColumns() {
        Map<String, LakeRowConverter.Column<IngestedInteraction>> c = LakeRowConverter.columns();
        c.put("event_id", i -> i.event.eventId.toString());
        c.put("event_type", i -> i.event.eventType.wireName());
        c.put("event_time", i -> i.event.eventTime.toInstant());
        c.put("channel", i -> i.event.channel.wireName());
        c.put("service_code", i -> i.event.serviceCode);
        c.put("municipio", i -> i.event.municipio);
        c.put("citizen_key", i -> i.event.citizenKey);
        c.put("anonymous_id", i -> i.event.anonymousId);
        c.put("authenticated", i -> i.event.citizenKey != null);
        c.put("case_id", i -> i.event.caseId);
        c.put("case_status", i -> i.event.caseStatus);
        c.put("language", i -> i.event.language);
        c.put("operator_id", i -> i.event.operatorId);
        c.put("wait_seconds", i -> i.event.waitSeconds);
        c.put("handle_seconds", i -> i.event.handleSeconds);
        c.put("outcome", i -> i.event.outcome);
        c.put("csat", i -> i.event.csat);
        c.put("nps", i -> i.event.nps);
        c.put("feedback_text", i -> i.event.feedbackText);
        c.put("lat", i -> i.event.lat);
        c.put("lon", i -> i.event.lon);
        c.put("amount_eur", i -> i.event.amountEur);
        c.put("source_system", i -> i.event.sourceSystem);
        c.put("schema_version", i -> i.event.schemaVersion);
        c.put("session_id", i -> i.event.sessionId);
        c.put("device_type", i -> i.event.deviceType);
        c.put("contact_consent", i -> i.event.contactConsent);
        c.put("source_topic", i -> i.sourceTopic);
        c.put("source_partition", i -> i.sourcePartition);
        c.put("source_offset", i -> i.sourceOffset);
        c.put("ingested_at", i -> Instant.ofEpochMilli(i.ingestedAtMillis));
        return c;
    }

    public static Map<String, LakeRowConverter.Column<RejectedRecord>> rejectedColumns() {
        Map<String, LakeRowConverter.Column<RejectedRecord>> c = LakeRowConverter.columns();
        c.put("source_topic", r -> r.sourceTopic);
        c.put("source_partition", r -> r.sourcePartition);
        c.put("source_offset", r -> r.sourceOffset);
        c.put("kafka_timestamp", r -> Instant.ofEpochMilli(r.kafkaTimestampMillis));
        c.put("reason", r -> r.reason);
        c.put("detail", r -> r.detail);
        c.put("raw_payload", r -> r.rawPayload);
        c.put("rejected_at", r -> Instant.ofEpochMilli(r.rejectedAtMillis));
        c.put("producer", r -> r.producer);
        c.put("source_record", r -> r.sourceRecord);
        c.put("replay_of", r -> r.replayOf);
        return c;
    }

    public static Map<String, LakeRowConverter.Column<DuplicateRecord>> duplicateColumns() {
        Map<String, LakeRowConverter.Column<DuplicateRecord>> c = LakeRowConverter.columns();
        c.put("event_id", d -> d.eventId);
        c.put("event_time", d -> Instant.ofEpochMilli(d.eventTimeMillis));
        c.put("source_topic", d -> d.sourceTopic);
        c.put("source_partition", d -> d.sourcePartition);
        c.put("source_offset", d -> d.sourceOffset);
        c.put("detected_at", d -> Instant.ofEpochMilli(d.detectedAtMillis));
        return c;
    }
}
