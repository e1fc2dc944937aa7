package org.civicinsights.batch.deflection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeflectionTrendTest {
    @Test
    void shareChangeAndThreeMonthAverage() {
        assertThat(DeflectionTrend.share(3, 4)).isEqualTo(75.0);
        assertThat(DeflectionTrend.share(0, 0)).isNull();
        assertThat(DeflectionTrend.change(75.0, 50.0)).isEqualTo(25.0);
        assertThat(DeflectionTrend.change(50.0, 100.0)).isEqualTo(-50.0);
        assertThat(DeflectionTrend.change(75.0, null)).isNull();
        // only the months that exist are averaged
        assertThat(DeflectionTrend.average(75.0, 50.0, null)).isEqualTo(62.5);
        assertThat(DeflectionTrend.average(75.0, null, null)).isEqualTo(75.0);
        assertThat(DeflectionTrend.average(60.0, 30.0, 90.0)).isEqualTo(60.0);
        assertThat(DeflectionTrend.average(null, null, null)).isNull();
    }
}
