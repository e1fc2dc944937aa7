package org.civicinsights.streaming;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * Counters that survive failover: they live in operator state, so after a restore they continue
 * from the last checkpoint instead of restarting at zero (Flink accumulators alone would undercount
 * after a recovery). On close they are published as accumulators for the job's final summary.
 */
final class CheckpointedCounters implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String stateName;
    private final String[] names;
    private long[] values;
    private transient ListState<long[]> state;

    CheckpointedCounters(String stateName, String... names) {
        this.stateName = stateName;
        this.names = names.clone();
        this.values = new long[names.length];
    }

    void initialize(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore()
                .getListState(
                        new ListStateDescriptor<>(stateName, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        values = new long[names.length];
        if (context.isRestored()) {
            for (long[] restored : state.get()) { // after rescaling a subtask may get several entries
                for (int i = 0; i < values.length && i < restored.length; i++) {
                    values[i] += restored[i];
                }
            }
        }
    }

    void snapshot() throws Exception {
        state.update(List.of(values.clone()));
    }

    void increment(int counter) {
        values[counter]++;
    }

    long get(int counter) {
        return values[counter];
    }

    void publish(RuntimeContext context) {
        for (int i = 0; i < names.length; i++) {
            LongCounter c = new LongCounter();
            c.add(values[i]);
            context.addAccumulator(names[i], c);
        }
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return stateName + Arrays.toString(values);
    }
}
