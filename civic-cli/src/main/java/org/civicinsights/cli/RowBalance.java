package org.civicinsights.cli;

/**
 * The row check of one table over a maintenance run: every row is still there, except those
 * retention removed, plus those appended meanwhile (by ingestion). Compaction rewrites files and
 * must change no count; retention removes exactly what it counted.
 *
 * @param before rows at the snapshot current when the run began
 * @param appended rows appended by other writers meanwhile (the append snapshots in between)
 * @param removed rows the retention job reports it removed from the table
 * @param after rows at the snapshot current when the run ended
 */
record RowBalance(long before, long appended, long removed, long after) {
    long expected() {
        return before + appended - removed;
    }

    boolean ok() {
        return after == expected();
    }

    String describe() {
        return String.format(
                "%,d before + %,d appended meanwhile - %,d removed by retention = %,d %s",
                before,
                appended,
                removed,
                expected(),
                ok() ? "= rows after: OK" : "!= rows after " + String.format("%,d", after) + ": CHECK THE TABLE");
    }
}
