package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.civicinsights.common.calendar.RomeTime;
import org.junit.jupiter.api.Test;

class SourceTimesTest {
    static final SourceTimes SF =
            new SourceTimes(ZoneId.of("America/Los_Angeles"), List.of("MM/dd/yyyy hh:mm:ss a"), LocalTime.NOON);
    static final SourceTimes NYC = new SourceTimes(ZoneId.of("America/New_York"), List.of("ISO"), LocalTime.NOON);
    static final SourceTimes ROME =
            new SourceTimes(RomeTime.ZONE, List.of("dd/MM/yyyy HH:mm", "yyyy-MM-dd"), LocalTime.NOON);

    @Test
    void localTimesTakeTheOffsetInForce() {
        assertThat(SF.parse("04/30/2014 02:51:52 PM")).hasToString("2014-04-30T14:51:52-07:00");
        assertThat(SF.parse("01/22/2016 01:25:00 am")).hasToString("2016-01-22T01:25-08:00");
        assertThat(SF.parse("12/31/2015 12:00:00 AM")).hasToString("2015-12-31T00:00-08:00");
        assertThat(SF.parse(" 12/31/2015 12:30:00 PM ")).hasToString("2015-12-31T12:30-08:00");
    }

    @Test
    void theSpringGapMovesForwardAndTheAutumnOverlapTakesTheEarlierOffset() {
        assertThat(SF.parse("03/09/2014 02:30:00 AM")).hasToString("2014-03-09T03:30-07:00");
        assertThat(SF.parse("11/02/2014 01:30:00 AM")).hasToString("2014-11-02T01:30-07:00");
        assertThat(SF.parse("11/02/2014 02:30:00 AM")).hasToString("2014-11-02T02:30-08:00");
        assertThat(ROME.parse("29/03/2026 02:15")).hasToString("2026-03-29T03:15+02:00");
        assertThat(ROME.parse("25/10/2026 02:15")).hasToString("2026-10-25T02:15+02:00");
    }

    @Test
    void dateOnlyValuesGetTheConfiguredTimeOfDay() {
        assertThat(ROME.parse("2024-01-01")).hasToString("2024-01-01T12:00+01:00");
        assertThat(ROME.parse("2024-07-01")).hasToString("2024-07-01T12:00+02:00");
        SourceTimes midnight = new SourceTimes(RomeTime.ZONE, List.of("yyyy-MM-dd"), LocalTime.MIDNIGHT);
        assertThat(midnight.parse("2024-07-01")).hasToString("2024-07-01T00:00+02:00");
    }

    @Test
    void isoAcceptsLocalTimesOffsetsAndDates() {
        assertThat(NYC.parse("2024-04-16T03:03:15.000")).hasToString("2024-04-16T03:03:15-04:00");
        assertThat(NYC.parse("2024-04-16 03:03:15")).hasToString("2024-04-16T03:03:15-04:00");
        assertThat(NYC.parse("2024-04-16T07:03:15Z")).hasToString("2024-04-16T03:03:15-04:00");
        assertThat(NYC.parse("2024-04-16T09:03:15+02:00")).hasToString("2024-04-16T03:03:15-04:00");
        assertThat(NYC.parse("2024-04-16T09:03:15+0200")).hasToString("2024-04-16T03:03:15-04:00");
        assertThat(NYC.parse("2024-01-16T03:03")).hasToString("2024-01-16T03:03-05:00");
        assertThat(NYC.parse("2024-04-16")).hasToString("2024-04-16T12:00-04:00");
    }

    @Test
    void valuesThatAreNoTimeAreRefusedStrictly() {
        assertThatThrownBy(() -> SF.parse("02/30/2014 10:00:00 AM"))
                .isInstanceOf(DateTimeException.class)
                .hasMessage("'02/30/2014 10:00:00 AM' matches none of the patterns [MM/dd/yyyy hh:mm:ss a]");
        assertThatThrownBy(() -> SF.parse("04/30/2014 13:51:52 PM")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> SF.parse("04/30/2014")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> NYC.parse("2024-04-16T25:00:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> ROME.parse("ieri")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void patternsAreTriedInOrder() {
        assertThat(ROME.parse("05/03/2024 14:07")).hasToString("2024-03-05T14:07+01:00");
        assertThat(ROME.parse("2024-03-05")).hasToString("2024-03-05T12:00+01:00");
    }
}
