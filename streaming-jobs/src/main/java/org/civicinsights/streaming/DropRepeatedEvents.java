package org.civicinsights.streaming;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by event_id: the first record of an id passes, later ones within the window go to the
 * duplicates side output (counted and stored, never silently dropped). State expires after the
 * window so it does not grow without bound.
 */
public class DropRepeatedEvents extends KeyedProcessFunction<String, IngestedInteraction, IngestedInteraction>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DuplicateRecord> DUPLICATES = new OutputTag<>("duplicates") {};
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    static final String UNIQUE = "civic.events_unique";
    static final String DUPLICATE_COUNT = "civic.events_duplicate";

    private final Duration window;
    private final CheckpointedCounters counters = new CheckpointedCounters("dedup-counts", UNIQUE, DUPLICATE_COUNT);
    private transient ValueState<Boolean> seen;

    public DropRepeatedEvents(Duration window) {
        this.window = window;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(window)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(IngestedInteraction in, Context ctx, Collector<IngestedInteraction> out)
            throws Exception {
        if (seen.value() == null) {
            seen.update(Boolean.TRUE);
            counters.increment(0);
            out.collect(in);
        } else {
            counters.increment(1);
            ctx.output(DUPLICATES, DuplicateRecord.of(in, System.currentTimeMillis()));
        }
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
    }
}
