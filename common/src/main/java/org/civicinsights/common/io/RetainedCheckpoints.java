package org.civicinsights.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

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

    /**
     * Deletes the checkpoint folders of every job but the kept ones (the running job's and the one it
     * resumed from): call it only once the new job runs, so that a checkpoint that cannot be restored
     * leaves the older ones in place.
     */
    public static void removeOtherJobs(Path dir, Collection<Path> keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            for (Path job :
                    jobs.filter(p -> Files.isDirectory(p) && !keep.contains(p)).toList()) {
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
