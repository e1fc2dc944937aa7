package org.civicinsights.ingestion.synthetic;

import java.util.Arrays;
import org.civicinsights.common.event.InteractionEvent;

/**
 * The planned events of one episode (a call and its survey, a case from opening to closure, an
 * online session and its payment, ...) in time order, handed out one at a time as the simulation
 * clock reaches them. Events are stored without id and time; {@link #times} holds epoch seconds.
 * Only open episodes are kept in memory.
 */
public final class Episode implements Comparable<Episode> {
    private final long seq;
    private final long[] times;
    private final InteractionEvent[] events;
    private int size;
    private int next;

    Episode(long seq, long[] times, InteractionEvent[] events) {
        this.seq = seq;
        this.times = times;
        this.events = events;
        this.size = times.length;
    }

    /** Events still to hand out. */
    public int remaining() {
        return size - next;
    }

    public boolean hasNext() {
        return next < size;
    }

    /** Epoch second of the next event. */
    public long nextTime() {
        return times[next];
    }

    /** Hands out the next event (without id and time: see {@link #nextTime()} before calling). */
    public InteractionEvent take() {
        InteractionEvent e = events[next];
        events[next] = null; // let it go once emitted
        next++;
        return e;
    }

    /**
     * Drops the events at or after {@code endExclusive} (they would fall after the period: the case
     * simply stays open) and keeps at most {@code maxEvents}; returns the number kept.
     */
    public int truncate(long endExclusive, long maxEvents) {
        int keep = 0;
        while (keep < size && times[keep] < endExclusive && keep < maxEvents) {
            keep++;
        }
        for (int i = keep; i < size; i++) {
            events[i] = null;
        }
        size = keep;
        return size;
    }

    @Override
    public int compareTo(Episode o) {
        int c = Long.compare(nextTime(), o.nextTime());
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    /** Collects planned events in any order; {@link #build} sorts them by time (stable). */
    public static final class Builder {
        private long[] times = new long[4];
        private InteractionEvent[] events = new InteractionEvent[4];
        private int size;

        public Builder add(long epochSecond, InteractionEvent e) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                events = Arrays.copyOf(events, size * 2);
            }
            times[size] = epochSecond;
            events[size] = e;
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        /** Epoch second of the i-th event added. */
        public long time(int i) {
            return times[i];
        }

        public InteractionEvent event(int i) {
            return events[i];
        }

        public Episode build(long seq) {
            // insertion sort: episodes are short and mostly in order already; stable
            for (int i = 1; i < size; i++) {
                long t = times[i];
                InteractionEvent e = events[i];
                int j = i - 1;
                while (j >= 0 && times[j] > t) {
                    times[j + 1] = times[j];
                    events[j + 1] = events[j];
                    j--;
                }
                times[j + 1] = t;
                events[j + 1] = e;
            }
            return new Episode(seq, Arrays.copyOf(times, size), Arrays.copyOf(events, size));
        }
    }
}
