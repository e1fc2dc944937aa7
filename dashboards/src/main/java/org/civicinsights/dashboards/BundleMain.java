package org.civicinsights.dashboards;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.civicinsights.common.config.CivicConfig;

/**
 * Writes the bundle: {@code --out FILE.zip [--trino-url jdbc:trino://host:port] [--trino-user civic]}.
 * The Trino defaults are the platform's (the local stack), so the bundle imports as is after
 * {@code civic demo}; {@code civic dashboards build} runs this.
 */
public final class BundleMain {
    private BundleMain() {}

    public static void main(String[] args) {
        try {
            System.out.println(run(args));
        } catch (IllegalArgumentException | DashboardSources.Invalid e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: cannot write the bundle: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes the bundle and returns the summary to print. */
    static String run(String[] args) throws IOException {
        CivicConfig defaults = CivicConfig.defaults();
        String out = null;
        String url = defaults.get(CivicConfig.TRINO_URL);
        String user = defaults.get(CivicConfig.TRINO_USER);
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--out" -> out = required(args[i], value);
                case "--trino-url" -> url = required(args[i], value);
                case "--trino-user" -> user = required(args[i], value);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: --out FILE.zip [--trino-url jdbc:trino://host:port] [--trino-user USER]");
            }
            i++;
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE.zip is required");
        }
        return write(Path.of(out), url, user);
    }

    /** Generates the bundled sources for this Trino and writes the zip (atomically); returns a one-line summary. */
    public static String write(Path out, String trinoUrl, String trinoUser) throws IOException {
        DashboardSources sources = DashboardSources.bundled();
        SupersetBundle bundle =
                SupersetBundle.build(sources, trinoUrl, trinoUser, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Path file = out.toAbsolutePath().normalize();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            bundle.writeZip(os);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        return "wrote " + file + ": " + sources.dashboards().size() + " dashboards, "
                + sources.charts().size() + " charts, " + sources.datasets().size() + " datasets (database "
                + SupersetBundle.sqlalchemyUri(trinoUrl, trinoUser) + ")";
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
