package org.civicinsights.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {

    static Path checkpoint(Path dir, String job, int n, Instant time, boolean complete) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        if (complete) {
            Path metadata = Files.writeString(chk.resolve("_metadata"), "m");
            Files.setLastModifiedTime(metadata, FileTime.from(time));
        }
        return chk;
    }

    @Test
    void theNewestCompleteCheckpointOfAnyJobIsResumedFromAndOtherJobsAreRemovedOnceTheNewJobRuns(@TempDir Path dir)
            throws Exception {
        assertThat(RetainedCheckpoints.latest(dir.resolve("absent"))).isEmpty();
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        checkpoint(dir, "old-job", 41, t, true);
        checkpoint(dir, "old-job", 42, t.plusSeconds(5), true);
        Path newest = checkpoint(dir, "new-job", 3, t.plusSeconds(60), true);
        checkpoint(dir, "new-job", 4, t.plusSeconds(70), false); // in progress: no _metadata yet
        Files.createDirectories(dir.resolve("new-job").resolve("shared"));

        assertThat(RetainedCheckpoints.latest(dir)).contains(newest);
        // the job resumed from new-job's chk-3 runs as running-job, which has no checkpoint yet
        Path running = Files.createDirectories(dir.resolve("running-job").resolve("shared"))
                .getParent();
        RetainedCheckpoints.removeOtherJobs(dir, List.of(newest.getParent(), running));
        assertThat(dir.resolve("old-job")).doesNotExist();
        assertThat(newest.resolve("_metadata")).exists();
        assertThat(running).isDirectory();
        RetainedCheckpoints.removeOtherJobs(dir.resolve("absent"), List.of()); // nothing to do
    }
}
