package org.civicinsights.batch.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SatisfactionScoresTest {
    @Test
    void npsIsNullWithoutAnswersAndSpansMinus100To100() {
        assertThat(SatisfactionScores.nps(0, 0, 0)).isNull();
        assertThat(SatisfactionScores.nps(0, 5, 5)).isEqualTo(-100.0);
        assertThat(SatisfactionScores.nps(5, 0, 5)).isEqualTo(100.0);
        // one promoter, one passive, one detractor: a real 0, not "no score"
        assertThat(SatisfactionScores.nps(1, 1, 3)).isEqualTo(0.0);
        // 2 promoters, 1 passive, 1 detractor of 4: 50 % - 25 %
        assertThat(SatisfactionScores.nps(2, 1, 4)).isEqualTo(25.0);
    }

    @Test
    void csatAverageAndSatisfiedShare() {
        // answers 5, 4, 2, 3: mean 3.5, satisfied (4-5) 2 of 4
        assertThat(SatisfactionScores.average(14, 4)).isEqualTo(3.5);
        assertThat(SatisfactionScores.pct(2, 4)).isEqualTo(50.0);
        assertThat(SatisfactionScores.pct(3, 4)).isEqualTo(75.0);
        assertThat(SatisfactionScores.pct(0, 3)).isEqualTo(0.0);
        assertThat(SatisfactionScores.average(0, 0)).isNull();
        assertThat(SatisfactionScores.pct(0, 0)).isNull();
        // a response rate may exceed 100 (feedback in a cell where the interaction was on another channel)
        assertThat(SatisfactionScores.pct(3, 2)).isEqualTo(150.0);
    }

    @Test
    void lowSampleBelowThirtyAnswers() {
        assertThat(SatisfactionScores.lowSample(0)).isTrue();
        assertThat(SatisfactionScores.lowSample(29)).isTrue();
        assertThat(SatisfactionScores.lowSample(30)).isFalse();
        assertThat(SatisfactionScores.lowSample(31)).isFalse();
    }
}
