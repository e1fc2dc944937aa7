package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.civicinsights.common.io.FileTrees;

/**
 * The ingest job's retained checkpoints under one directory, as Flink lays them out:
 * {@code <dir>/<job id>/chk-<n>/_metadata}. A restarted job resumes from the newest one.
 */
public final class RetainedCheckpoints {
    private RetainedCheckpoints() {}

    /** The newest complete checkpoint (one with _metadata) of any job under dir. */
    public static Optional<Path> latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s =
                Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            return s.map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong(
                                    (Path p) -> p.resolve("_metadata").toFile().lastModified())
                            .thenComparingLong(RetainedCheckpoints::number));
        }
    }

    /** Checkpoint folders of earlier jobs are useless once a job resumes from a newer one. */
    public static void removeOtherJobs(Path dir, Path keep) throws IOException {
        try (Stream<Path> jobs = Files.list(dir)) {
            for (Path job :
                    jobs.filter(p -> Files.isDirectory(p) && !p.equals(keep)).toList()) {
                FileTrees.delete(job);
            }
        }
    }

    static long number(Path chk) {
        try {
            return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
