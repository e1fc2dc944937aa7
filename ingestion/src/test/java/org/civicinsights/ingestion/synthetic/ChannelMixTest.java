package org.civicinsights.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import org.civicinsights.common.event.Channel;
import org.civicinsights.ingestion.synthetic.RomeCalendar.DayKind;
import org.junit.jupiter.api.Test;

class ChannelMixTest {

    private static int minute(int h, int m) {
        return h * 60 + m;
    }

    @Test
    void frontOfficesOpenOnlyOnWorkingDaysFrom830To17() {
        assertThat(ChannelMix.profile(Channel.FRONT_OFFICE, DayKind.WORKDAY, minute(8, 29)))
                .isZero();
        assertThat(ChannelMix.profile(Channel.FRONT_OFFICE, DayKind.WORKDAY, minute(8, 30)))
                .isPositive();
        assertThat(ChannelMix.profile(Channel.FRONT_OFFICE, DayKind.WORKDAY, minute(16, 59)))
                .isPositive();
        assertThat(ChannelMix.profile(Channel.FRONT_OFFICE, DayKind.WORKDAY, minute(17, 0)))
                .isZero();
        assertThat(ChannelMix.profile(Channel.FRONT_OFFICE, DayKind.SATURDAY, minute(10, 0)))
                .isZero();
        assertThat(ChannelMix.profile(Channel.FRONT_OFFICE, DayKind.SUNDAY_OR_HOLIDAY, minute(10, 0)))
                .isZero();
    }

    @Test
    void theContactCentreAnswersAtNightButQuietly() {
        double night = ChannelMix.profile(Channel.CONTACT_CENTRE, DayKind.SUNDAY_OR_HOLIDAY, minute(3, 0));
        double peak = ChannelMix.profile(Channel.CONTACT_CENTRE, DayKind.WORKDAY, minute(10, 0));
        assertThat(night).isPositive().isLessThan(peak / 20);
        assertThat(ChannelMix.profile(Channel.CONTACT_CENTRE, DayKind.SATURDAY, minute(10, 0)))
                .isLessThan(peak);
    }

    @Test
    void selfServiceGrowsAndCountersShrinkOverThePeriod() {
        for (Channel c : Channel.values()) {
            double start = ChannelMix.intensity(c, false, 0, DayKind.WORKDAY, minute(11, 0));
            double end = ChannelMix.intensity(c, false, 1, DayKind.WORKDAY, minute(11, 0));
            switch (c) {
                case PORTAL, APP_IO, CHATBOT -> assertThat(end).as(c.name()).isGreaterThan(start * 1.3);
                case CONTACT_CENTRE, FRONT_OFFICE ->
                    assertThat(end).as(c.name()).isLessThan(start * 0.8);
                default -> assertThat(end).as(c.name()).isEqualTo(start);
            }
        }
    }

    @Test
    void cityUsersDoNotUseIoOrPec() {
        assertThat(ChannelMix.intensity(Channel.APP_IO, true, 0.5, DayKind.WORKDAY, minute(11, 0)))
                .isZero();
        assertThat(ChannelMix.intensity(Channel.PEC, true, 0.5, DayKind.WORKDAY, minute(11, 0)))
                .isZero();
        assertThat(ChannelMix.intensity(Channel.CHATBOT, true, 0.5, DayKind.WORKDAY, minute(11, 0)))
                .isPositive();
    }
}
