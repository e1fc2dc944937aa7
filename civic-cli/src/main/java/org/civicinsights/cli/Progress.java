package org.civicinsights.cli;

import java.io.PrintStream;
import org.civicinsights.ingestion.ProgressListener;

/** Progress of long work on stderr: a live line on a terminal, one line per 10% otherwise (CI logs). */
final class Progress implements ProgressListener {
    private final String what;
    private final PrintStream err = System.err;
    private final boolean terminal = System.console() != null;
    private final long t0 = System.nanoTime();
    private long lastDecile = -1;

    Progress(String what) {
        this.what = what;
    }

    @Override
    public void onProgress(long done, long total) {
        double seconds = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
        long pct = total == 0 ? 100 : done * 100 / total;
        String line = String.format("%s %,d / %,d (%d%%) %,.0f/s", what, done, total, pct, done / seconds);
        if (terminal) {
            err.print("\r" + line + (done >= total ? "\n" : ""));
        } else if (pct / 10 != lastDecile) {
            lastDecile = pct / 10;
            err.println(line);
        }
        err.flush();
    }

    double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }
}
