package org.civicinsights.streaming;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses, validates and pseudonymises each record; rejected records leave through a side output
 * so that none is dropped.
 */
public class ValidateInteractions extends ProcessFunction<IncomingRecord, IngestedInteraction>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ValidateInteractions.class);

    public static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected") {};

    static final String READ = "civic.records_read";
    static final String ACCEPTED = "civic.records_valid";
    static final String REJECTED_COUNT = "civic.records_rejected";

    private final RecordTriage triage;
    /**
     * Test hook: attempt k (k < failTimes) of subtask 0 fails once it has read (k + 1) x this many
     * records and seen a checkpoint complete, so each recovery restores real state (0 = never).
     */
    private final long failAfterRecords;

    private final int failTimes;
    /** Checkpoints completed by this attempt; the failure hook waits for one so recovery restores state. */
    private transient int checkpointsCompleted;

    private transient long lastLoggedRead = -1;
    private final CheckpointedCounters counters =
            new CheckpointedCounters("validate-counts", READ, ACCEPTED, REJECTED_COUNT);

    public ValidateInteractions(RecordTriage triage, long failAfterRecords) {
        this(triage, failAfterRecords, 1);
    }

    public ValidateInteractions(RecordTriage triage, long failAfterRecords, int failTimes) {
        this.triage = triage;
        this.failAfterRecords = failAfterRecords;
        this.failTimes = failTimes;
    }

    @Override
    public void open(OpenContext openContext) {
        LOG.info(
                "validation starting on subtask {} attempt {} ({})",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getAttemptNumber(),
                counters.describe());
    }

    @Override
    public void processElement(IncomingRecord in, Context ctx, Collector<IngestedInteraction> out) {
        counters.increment(0);
        maybeFail();
        RecordTriage.Result r = triage.triage(in, System.currentTimeMillis());
        if (r.accepted() != null) {
            counters.increment(1);
            out.collect(r.accepted());
        } else {
            counters.increment(2);
            ctx.output(REJECTED, r.rejected());
        }
    }

    private void maybeFail() {
        int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        if (failAfterRecords > 0
                && attempt < failTimes
                && counters.get(0) >= failAfterRecords * (attempt + 1)
                && checkpointsCompleted > 0
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            throw new InjectedFailure("injected task failure " + (attempt + 1) + " of " + failTimes + " after "
                    + counters.get(0) + " records (test hook)");
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointsCompleted++;
        if (counters.get(0) == lastLoggedRead) {
            return; // idle: no line every few seconds
        }
        lastLoggedRead = counters.get(0);
        LOG.info(
                "checkpoint {} complete on subtask {}: {}",
                checkpointId,
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                counters.describe());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        counters.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        counters.initialize(context);
    }

    @Override
    public void close() {
        counters.publish(getRuntimeContext());
        LOG.info(
                "validation subtask {} closing: {}",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                counters.describe());
    }

    /** Thrown only by the failure-injection hook used in recovery tests. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }
}
