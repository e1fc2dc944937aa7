package org.civicinsights.cli.dashboards;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.cli.stack.ServiceProcess;
import org.civicinsights.common.io.FileTrees;

/**
 * Opens a dashboard as a manager would, in headless Chromium (Debian's package), twice: once for
 * the page as rendered (its DOM, to count the charts drawn and the error boxes), once for a PNG.
 */
public final class DashboardBrowser {
    /** What the rendered page showed. */
    public record Rendering(int charts, int errors, int loading) {}

    private final String chromium;
    private final Path profiles;

    public DashboardBrowser(String chromium, Path profiles) {
        this.chromium = chromium;
        this.profiles = profiles;
    }

    /** CIVIC_CHROMIUM, else chromium (Debian) or chromium-browser / google-chrome on the PATH. */
    public static String find(Map<String, String> env) {
        String configured = env.get("CIVIC_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new IllegalStateException("headless Chromium is needed to open the dashboards: install Debian's chromium"
                + " (apt-get install chromium) or set CIVIC_CHROMIUM to a Chromium or Chrome executable");
    }

    public Rendering render(URI dashboard) throws IOException, InterruptedException {
        String dom = run(dashboard, "--dump-dom");
        return rendering(dom);
    }

    public void screenshot(URI dashboard, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(dashboard, "--screenshot=" + png.toAbsolutePath());
        if (!Files.exists(png) || Files.size(png) == 0) {
            throw new IOException("Chromium wrote no screenshot to " + png);
        }
    }

    /**
     * Chromium flags: headless as root (no sandbox), none of its background calls to Google
     * (refused on a closed network, and slow to fail), a fresh profile per page, and 60 s of
     * virtual time so every chart's query can come back before the page is read.
     */
    static List<String> command(String chromium, Path profile, URI page, String output) {
        return List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=1600,2200",
                "--virtual-time-budget=60000",
                output,
                page.toString());
    }

    private static final Pattern CHART = Pattern.compile("data-test=\"chart-container\"");
    private static final Pattern ERROR =
            Pattern.compile("class=\"[^\"]*\\bant-alert-error\\b[^\"]*\"|data-test=\"error-message\"");
    /** Superset's chart spinner; not the loading states of buttons and the like (ant-btn-loading...). */
    private static final Pattern LOADING = Pattern.compile("data-test=\"loading-indicator\"");

    /** Counts in the rendered DOM: charts drawn, error boxes, spinners still turning. Pure. */
    static Rendering rendering(String dom) {
        return new Rendering(count(CHART, dom), count(ERROR, dom), count(LOADING, dom));
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private String run(URI page, String output) throws IOException, InterruptedException {
        Files.createDirectories(profiles);
        Path profile = Files.createTempDirectory(profiles, "chromium-");
        Path out = Files.createTempFile(profiles, "page-", ".out");
        Path err = Files.createTempFile(profiles, "page-", ".err");
        try {
            Process p = new ProcessBuilder(command(chromium, profile, page, output))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("Chromium did not finish " + page + " within 3 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException("Chromium failed on " + page + " (exit code " + p.exitValue() + "): "
                        + ServiceProcess.tail(err, 5));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            deleteQuietly(profile);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException ignored) {
            // a leftover browser profile in the data directory is harmless
        }
    }
}
