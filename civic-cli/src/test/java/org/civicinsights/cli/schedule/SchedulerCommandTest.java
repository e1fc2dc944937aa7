package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.civicinsights.cli.CivicCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `civic scheduler`'s options, through the CLI: only what runs no job (usage errors, --list). */
class SchedulerCommandTest {
    @TempDir
    Path dataDir;

    record Run(int exit, String out, String err) {}

    Run civic(String... args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = CivicCli.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void wrongOptionsAreUsageErrorsThatRunNothing() throws Exception {
        String dir = dataDir.toString();
        Run noDrill = civic("scheduler", "--now", "2026-12-10T04:00", "--data-dir", dir);
        assertThat(noDrill.exit()).isEqualTo(2);
        assertThat(noDrill.err())
                .isEqualTo("civic scheduler: --now fixes the clock of a drill: use it with --once or --list, not in the"
                        + " background scheduler\n");
        Run badNow = civic("scheduler", "--once", "--now", "2026-12-10", "--data-dir", dir);
        assertThat(badNow.exit()).isEqualTo(2);
        assertThat(badNow.err())
                .startsWith(
                        "civic scheduler: --now '2026-12-10' is not a time (add the time of day: 2026-12-10T04:00)");
        Run noOnce = civic("scheduler", "--job", "batch", "--data-dir", dir);
        assertThat(noOnce.exit()).isEqualTo(2);
        assertThat(noOnce.err()).contains("--job chooses the jobs of a --once run: add --once");
        Run unknownJob = civic("scheduler", "--once", "--job", "cases", "--data-dir", dir);
        assertThat(unknownJob.exit()).isEqualTo(2);
        assertThat(unknownJob.err())
                .contains("there is no scheduler job 'cases': the jobs are maintain, batch, retention, outreach");
        Run badSetting = civic("scheduler", "--list", "--data-dir", dir, "--config", config("schedule.retries=x"));
        assertThat(badSetting.exit()).isEqualTo(2);
        assertThat(badSetting.err()).contains("schedule.retries must be a whole number");
        Run badSchedule = civic("scheduler", "--list", "--data-dir", dir, "--config", config("schedule.batch=hourly"));
        assertThat(badSchedule.err())
                .startsWith("civic scheduler: schedule.batch: schedule 'hourly' is not understood");
        Run both = civic("scheduler", "--list", "--once", "--data-dir", dir);
        assertThat(both.exit()).isEqualTo(2);
        // nothing ran, nothing was written
        assertThat(dataDir.resolve("run").resolve(Scheduler.STATE_FILE)).doesNotExist();
    }

    @Test
    void aListAtASimulatedTimeShowsWhatWouldRunAndThatTrinoIsDownInOneLine() throws Exception {
        SchedulerState s = new SchedulerState();
        s.started("batch", Instant.parse("2026-12-07T02:00:00Z"));
        s.finished("batch", 0, 1);
        s.save(dataDir.resolve("run").resolve(Scheduler.STATE_FILE));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Run list = civic(
                "scheduler",
                "--list",
                "--now",
                "2026-12-10T04:00",
                "--data-dir",
                dataDir.toString(),
                "--config",
                config("trino.url=jdbc:trino://127.0.0.1:" + port));
        assertThat(list.exit()).isZero();
        assertThat(list.err()).isEmpty();
        assertThat(list.out())
                .contains("clock fixed by --now at 2026-12-10T04:00:00+01:00[Europe/Rome] (2026-12-10T03:00:00Z)")
                .contains("2026-12-08 03:00:00 (due)")
                .contains("  batch      civic batch run all --catch-up-to 2026-12-09 --triggered-by scheduler\n")
                .contains("retries: 2 retries, from 5m doubling")
                .contains("running now: no job")
                .endsWith("lake (meta.job_runs): Trino does not answer at jdbc:trino://127.0.0.1:" + port
                        + " (is the stack up? civic stack status)\n");
    }

    @Test
    void theHelpNamesTheSettingsAndTheDrill() throws Exception {
        Run help = civic("scheduler", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("schedule.retries", "schedule.retry-delay", "--now", "--job", "--catch-up-to <yesterday>");
    }

    private String config(String line) throws Exception {
        Path f = Files.createTempFile(dataDir, "civic", ".properties");
        Files.writeString(f, line + "\n");
        return f.toString();
    }
}
