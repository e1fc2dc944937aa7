package org.civicinsights.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicinsights.cli.stack.StackLayout;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.cli.stack.StackSettings;
import org.civicinsights.cli.stack.StackTopology;
import org.civicinsights.common.config.CivicConfig;
import picocli.CommandLine.Option;

/** Options every command shares, and what they resolve to. */
public class CivicContext {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the local stack keeps its state (default: .civic in the checkout, or CIVIC_DATA_DIR).")
    Path dataDir;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with settings (kafka.bootstrap, catalog.uri, trino.url, stack.* ports...).")
    Path configFile;

    public Path home() {
        String h = System.getProperty("civic.home", System.getenv("CIVIC_HOME"));
        return Path.of(h == null ? "." : h).toAbsolutePath().normalize();
    }

    public StackLayout layout() {
        Path data = dataDir != null
                ? dataDir
                : System.getenv("CIVIC_DATA_DIR") != null
                        ? Path.of(System.getenv("CIVIC_DATA_DIR"))
                        : home().resolve(".civic");
        String cache = System.getenv("CIVIC_CACHE_DIR");
        Path cacheDir =
                cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "civic-insights");
        return new StackLayout(
                home(),
                data.toAbsolutePath().normalize(),
                cacheDir.toAbsolutePath().normalize());
    }

    /** Settings for commands that talk to a stack: what `stack up` wrote, then --config, then CIVIC_* variables. */
    public CivicConfig config() {
        CivicConfig written = CivicConfig.load(layout().clientConfig(), Map.of());
        CivicConfig user = CivicConfig.load(configFile, System.getenv());
        CivicConfig defaults = CivicConfig.defaults();
        // user settings that differ from the defaults override what the stack wrote
        Map<String, String> overrides = new HashMap<>();
        user.asMap().forEach((k, v) -> {
            if (!v.equals(defaults.asMap().get(k))) {
                overrides.put(k, v);
            }
        });
        return written.with(overrides);
    }

    /** A command line for another civic command, with this context's --data-dir and --config. */
    public String[] forward(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", layout().dataDir().toString()));
        if (configFile != null) {
            all.addAll(List.of("--config", configFile.toString()));
        }
        return all.toArray(String[]::new);
    }

    public StackSettings stackSettings() {
        return StackSettings.from(config());
    }

    public StackManager stack() {
        return new StackManager(layout(), stackSettings(), System.out::println);
    }

    /** The stack in the given topology (`--cluster`), whatever civic.properties says. */
    public StackManager stack(StackTopology topology) {
        return new StackManager(layout(), stackSettings().withTopology(topology), System.out::println);
    }

    public boolean stackConfigured() {
        return Files.exists(layout().clientConfig());
    }
}
