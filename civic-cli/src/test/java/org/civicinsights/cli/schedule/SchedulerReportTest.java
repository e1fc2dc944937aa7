package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerReportTest {
    static final Instant T = Instant.parse("2026-12-10T02:00:00Z");

    @Test
    void aFailureSaysWhenItsExitCodeAndWhetherItIsOver() {
        SchedulerState s = new SchedulerState();
        assertThat(SchedulerReport.lastFailure(s.job("batch"), RomeTime.ZONE)).isEqualTo("-");
        s.attemptFailed("batch", T, 1, Optional.of(T.plusSeconds(300)));
        assertThat(SchedulerReport.lastFailure(s.job("batch"), RomeTime.ZONE))
                .isEqualTo("2026-12-10 03:00:00, exit 1, retry at 2026-12-10 03:05:00");
        s.finished("batch", 1, 3);
        assertThat(SchedulerReport.lastFailure(s.job("batch"), RomeTime.ZONE))
                .isEqualTo("2026-12-10 03:00:00, exit 1, last run failed");
        s.finished("batch", 1, 3);
        assertThat(SchedulerReport.lastFailure(s.job("batch"), RomeTime.ZONE)).endsWith(", 2 runs in a row failed");
        s.finished("batch", 0, 1);
        assertThat(SchedulerReport.lastFailure(s.job("batch"), RomeTime.ZONE)).endsWith("exit 1, ok since");
    }

    @Test
    void theListShowsEachJobDueOrNotAndItsCommandLine(@TempDir Path run) throws Exception {
        SchedulerState s = new SchedulerState();
        s.started("maintain", T);
        s.finished("maintain", 0, 1);
        s.firstSeen("batch", T.minusSeconds(86_400));
        s.save(run.resolve(Scheduler.STATE_FILE));
        Scheduler list = new Scheduler(
                SchedulerSettings.from(CivicConfig.of(Map.of())),
                run,
                new ManualClock("2026-12-10T02:30:00Z"),
                Scheduler.Mode.LIST,
                (job, args) -> 0,
                d -> false,
                l -> {});
        String table = SchedulerReport.jobs(list.view(), RomeTime.ZONE);
        assertThat(table.lines())
                .anyMatch(l -> l.matches(
                        "maintain +\\| every 1h +\\| 2026-12-10 03:00:00 \\| 0 +\\|" + " 2026-12-10 04:00:00 +\\| -"))
                .anyMatch(l -> l.matches("batch +\\| daily at 03:00 Europe/Rome \\| never ran +\\| - +\\|"
                        + " 2026-12-10 03:00:00 \\(due\\) \\| -"))
                .anyMatch(l -> l.matches("outreach +\\| off .*\\| never \\(off\\) +\\| -"));
        assertThat(SchedulerReport.commands(list.view()).lines().toList())
                .containsExactly(
                        "  maintain   civic maintain --no-retention",
                        "  batch      civic batch run all --catch-up-to 2026-12-09 --triggered-by scheduler",
                        "  retention  civic maintain --triggered-by scheduler",
                        "  outreach   civic outreach run --date 2026-12-09 --triggered-by scheduler  (off)");
    }

    @Test
    void theLakeViewIsOneLineWhenItIsNotAvailable() {
        assertThat(SchedulerReport.lake(JobRunsView.View.unavailable("Trino does not answer at x")))
                .isEqualTo("lake (meta.job_runs): Trino does not answer at x\n");
        JobRunsView.Rows perJob = new JobRunsView.Rows(
                List.of("job", "newest_ok", "last_run", "triggered_by"),
                List.of(List.of("cases", "2026-12-09", "2026-12-09 ok", "scheduler")));
        JobRunsView.Rows none = new JobRunsView.Rows(List.of("finished_utc", "job"), List.of());
        assertThat(SchedulerReport.lake(new JobRunsView.View(perJob, none, null)))
                .contains("cases | 2026-12-09 | 2026-12-09 ok | scheduler")
                .endsWith("no failed or skipped run\n");
    }
}
