package org.civicinsights.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.junit.jupiter.api.Test;

/** The ingest dataflow on a real Flink MiniCluster, with an in-memory source and collecting sinks. */
class IngestPipelineTest {
    static final String FISCAL_CODE = "RSSMRA85T10A562S";
    static final CitizenPseudonymiser PSEUDONYMISER = new CitizenPseudonymiser(new byte[32]);

    static String event(String id, String extra) {
        return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"contact_call\","
                + "\"event_time\":\"2026-03-02T09:15:00+01:00\",\"channel\":\"contact_centre\"" + extra + "}";
    }

    @Test
    void splitsRecordsIntoUniqueRejectedAndDuplicatesWithoutLosingAny() throws Exception {
        String id1 = "7d3c1a52-1f0e-4b8e-9f59-0c8a1d0e3b11";
        String id2 = "0b9e6a1c-2d4f-4e6a-8c1b-5f7d9e2a4c33";
        List<IncomingRecord> input = List.of(
                new IncomingRecord("t", 0, 0, 0, event(id1, ",\"fiscal_code\":\"" + FISCAL_CODE + "\"")),
                new IncomingRecord("t", 0, 1, 0, event(id2, ",\"anonymous_id\":\"anon-1\"")),
                new IncomingRecord("t", 1, 0, 0, event(id1, ",\"fiscal_code\":\"" + FISCAL_CODE + "\"")), // re-sent
                new IncomingRecord("t", 1, 1, 0, "{\"fiscal_code\":\"" + FISCAL_CODE + "\", broken"),
                new IncomingRecord(
                        "t",
                        1,
                        2,
                        0,
                        event(
                                "fd3c1a52-1f0e-4b8e-9f59-0c8a1d0e3b11",
                                ",\"fiscal_code\":\"RSSMRA85T10A562A\"")), // wrong check character
                new IncomingRecord("t", 1, 3, 0, null));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<IncomingRecord> records = env.fromData(input);
        RecordTriage triage = new RecordTriage(
                new InteractionEventCodec(
                        PSEUDONYMISER, Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC)),
                PSEUDONYMISER);
        IngestPipeline.Outputs out = IngestPipeline.build(records, triage, Duration.ofDays(7), 0);

        CloseableIterator<IngestedInteraction> unique = out.interactions().collectAsync();
        CloseableIterator<RejectedRecord> rejected = out.rejected().collectAsync();
        CloseableIterator<DuplicateRecord> duplicates = out.duplicates().collectAsync();
        env.execute("pipeline-test");

        List<IngestedInteraction> u = drain(unique);
        List<RejectedRecord> r = drain(rejected);
        List<DuplicateRecord> d = drain(duplicates);

        assertThat(u).extracting(i -> i.event.eventId.toString()).containsExactlyInAnyOrder(id1, id2);
        assertThat(u)
                .filteredOn(i -> i.event.eventId.toString().equals(id1))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.event.citizenKey).isEqualTo(PSEUDONYMISER.citizenKey(FISCAL_CODE));
                    assertThat(i.event.fiscalCode).isNull();
                });
        assertThat(d).singleElement().satisfies(x -> assertThat(x.eventId).isEqualTo(id1));
        assertThat(r)
                .extracting(x -> x.reason)
                .containsExactlyInAnyOrder("invalid_json", "invalid_fiscal_code", "not_an_object");
        assertThat(r).allSatisfy(x -> {
            assertThat(CitizenPseudonymiser.containsFiscalCodeShape(x.rawPayload))
                    .isFalse();
            assertThat(CitizenPseudonymiser.containsFiscalCodeShape(x.detail)).isFalse();
        });
        assertThat(u.size() + r.size() + d.size()).isEqualTo(input.size());
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
