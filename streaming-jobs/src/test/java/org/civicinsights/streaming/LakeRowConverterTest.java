package org.civicinsights.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.junit.jupiter.api.Test;

class LakeRowConverterTest {

    @Test
    void fillsColumnsByNameAndLeavesUnknownColumnsNull() {
        RowType rowType = RowType.of(
                new LogicalType[] {
                    new VarCharType(VarCharType.MAX_LENGTH),
                    new LocalZonedTimestampType(6),
                    new IntType(),
                    new DecimalType(12, 2),
                    new BigIntType(),
                    new VarCharType(VarCharType.MAX_LENGTH)
                },
                new String[] {"event_id", "event_time", "csat", "amount_eur", "source_offset", "added_in_v2"});
        InteractionEvent e = new InteractionEvent();
        e.eventId = UUID.fromString("7d3c1a52-1f0e-4b8e-9f59-0c8a1d0e3b11");
        e.eventType = EventType.PAYMENT_MADE;
        e.channel = Channel.APP_IO;
        e.eventTime = OffsetDateTime.parse("2026-03-29T01:30:00Z");
        e.amountEur = new BigDecimal("123.45");
        IngestedInteraction i = new IngestedInteraction();
        i.event = e;
        i.sourceOffset = 42;

        RowData row = new LakeRowConverter<>(rowType, LakeTables.interactionColumns()).map(i);

        assertThat(row.getString(0)).isEqualTo(StringData.fromString("7d3c1a52-1f0e-4b8e-9f59-0c8a1d0e3b11"));
        assertThat(row.getTimestamp(1, 6)).isEqualTo(TimestampData.fromInstant(Instant.parse("2026-03-29T01:30:00Z")));
        assertThat(row.isNullAt(2)).isTrue();
        assertThat(row.getDecimal(3, 12, 2)).isEqualTo(DecimalData.fromBigDecimal(new BigDecimal("123.45"), 12, 2));
        assertThat(row.getLong(4)).isEqualTo(42L);
        assertThat(row.isNullAt(5)).isTrue();
    }
}
