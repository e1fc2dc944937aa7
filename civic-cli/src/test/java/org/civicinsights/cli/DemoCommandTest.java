package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void theWeeksAndMonthsOfTheGeneratedDaysAreRunOnTheirLastDaysThenToday() {
        // 30 days from Saturday 7 November to Sunday 6 December, today Monday 7 December
        assertThat(DemoCommand.periodEnds(LocalDate.parse("2026-11-07"), LocalDate.parse("2026-12-07")))
                .extracting(LocalDate::toString)
                .containsExactly(
                        "2026-11-08",
                        "2026-11-15",
                        "2026-11-22",
                        "2026-11-29",
                        "2026-11-30",
                        "2026-12-06",
                        "2026-12-07");
        // a month ending on a Sunday is run once; today alone when nothing ended before it
        assertThat(DemoCommand.periodEnds(LocalDate.parse("2026-05-25"), LocalDate.parse("2026-06-02")))
                .extracting(LocalDate::toString)
                .containsExactly("2026-05-31", "2026-06-02");
        assertThat(DemoCommand.periodEnds(LocalDate.parse("2026-12-07"), LocalDate.parse("2026-12-07")))
                .extracting(LocalDate::toString)
                .containsExactly("2026-12-07");
    }

    @Test
    void theLastCompleteWeekEndsOnTheSundayBeforeToday() {
        // on a Monday, the week that ended yesterday (not the new week, still empty)
        assertThat(DemoCommand.lastCompleteWeekEnd(LocalDate.parse("2026-12-07")))
                .isEqualTo("2026-12-06");
        assertThat(DemoCommand.lastCompleteWeekEnd(LocalDate.parse("2026-12-10")))
                .isEqualTo("2026-12-06");
        // on a Sunday the week is not over yet
        assertThat(DemoCommand.lastCompleteWeekEnd(LocalDate.parse("2026-12-13")))
                .isEqualTo("2026-12-06");
        assertThat(DemoCommand.lastCompleteWeekEnd(LocalDate.parse("2026-12-14")))
                .isEqualTo("2026-12-13");
    }

    @Test
    void theConnectionHintsFollowTheStacksSecurityMode() {
        // what stack up writes into civic.properties with stack.security=on (paths, no password)
        CivicConfig secured = CivicConfig.of(Map.of(
                "trino.url", "jdbc:trino://127.0.0.1:28080",
                "trino.jdbc.SSL", "true",
                "trino.jdbc.SSLTrustStorePath", "/data/secrets/tls/ca.pem",
                "trino.user", "analyst",
                "trino.password-file", "/data/secrets/trino-analyst.password",
                "trino.analyst.user", "analyst",
                "trino.analyst.password-file", "/data/secrets/trino-analyst.password"));
        assertThat(DemoCommand.connectionHints(secured))
                .contains("jdbc:trino://127.0.0.1:28080/lake?SSL=true&SSLTrustStorePath=/data/secrets/tls/ca.pem")
                .contains("user: analyst, password in /data/secrets/trino-analyst.password")
                .contains("https://127.0.0.1:28080/ui/")
                .doesNotContain("no password");
        // stack.security=off: nothing but the URL, the default user and plain HTTP
        CivicConfig open = CivicConfig.of(Map.of("trino.url", "jdbc:trino://127.0.0.1:8080"));
        assertThat(DemoCommand.connectionHints(open))
                .contains("jdbc:trino://127.0.0.1:8080/lake ")
                .contains("user: civic, no password")
                .contains("http://127.0.0.1:8080/ui/");
    }
}
