package org.civicinsights.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.civicinsights.common.config.CivicConfig;

/**
 * Looks for the stack's secrets where they must never be: its log files, the command line of any
 * process on this machine ({@code ps}), and what a command printed. The secrets are read from the
 * stack's own secrets folder, so a password added later is checked without changing this class.
 */
public final class SecretLeakChecks {
    /** Shorter values would match by chance; every generated secret is far longer. */
    static final int MIN_SECRET_LENGTH = 12;

    private SecretLeakChecks() {}

    /** Every secret value under {@code <dataDir>/secrets}: password and key files, secret keys of properties files. */
    public static Set<String> secrets(Path dataDir) throws IOException {
        Set<String> found = new TreeSet<>();
        Path dir = dataDir.resolve("secrets");
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".p12") || name.endsWith(".pem") || name.endsWith(".crt")) {
                    continue; // certificates are public; keystores are binary and guarded by a password checked here
                }
                if (name.endsWith(".properties")) {
                    Properties p = new Properties();
                    try (Reader r = Files.newBufferedReader(f)) {
                        p.load(r);
                    }
                    p.stringPropertyNames().stream()
                            .filter(CivicConfig::isSecret)
                            .map(p::getProperty)
                            .forEach(v -> add(found, v));
                } else {
                    String text =
                            Files.readString(f, StandardCharsets.ISO_8859_1).strip();
                    add(found, text);
                    int colon = text.lastIndexOf(':'); // client_id:secret
                    if (colon > 0) {
                        add(found, text.substring(colon + 1));
                    }
                }
            }
        }
        return found;
    }

    private static void add(Set<String> found, String value) {
        if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
            found.add(value.strip());
        }
    }

    /** The stack's log files: every *.log, *.out, *.err and every file below a logs folder, outside secrets/. */
    public static List<Path> logFiles(Path dataDir) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path relative = dataDir.relativize(f);
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                boolean underLogs = false;
                for (Path part : relative) {
                    underLogs |=
                            part.toString().equals("logs") || part.toString().equals("log");
                }
                if (relative.startsWith("secrets")) {
                    continue;
                }
                if (underLogs
                        || name.endsWith(".log")
                        || name.endsWith(".out")
                        || name.endsWith(".err")
                        || name.equals("stdout")
                        || name.equals("stderr")) {
                    logs.add(f);
                }
            }
        }
        return logs;
    }

    /**
     * Fails when a secret of the stack appears in one of its log files, in the command line of any
     * process on this machine, or in one of {@code outputs}; also that there is something to look
     * for, so the check cannot pass vacuously.
     */
    public static void assertNoLeaks(Path dataDir, String... outputs) throws IOException {
        Set<String> secrets = secrets(dataDir);
        assertThat(secrets).as("secrets generated under %s/secrets", dataDir).isNotEmpty();
        assertNowhere(dataDir, secrets, outputs);
    }

    /**
     * Fails when one of {@code secrets} (also values kept in no file, such as what every access
     * token begins with) appears in one of the stack's log files, in the command line of any
     * process on this machine, or in one of {@code outputs}; also when there is no log to look in.
     */
    public static void assertNowhere(Path dataDir, Collection<String> secrets, String... outputs) throws IOException {
        List<Path> logs = logFiles(dataDir);
        assertThat(logs).as("log files under %s", dataDir).isNotEmpty();
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(text.contains(secret))
                        .as("a secret of the stack in the log %s", log)
                        .isFalse();
            }
        }
        List<String> commandLines = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .toList();
        for (String commandLine : commandLines) {
            for (String secret : secrets) {
                assertThat(commandLine.contains(secret))
                        .as(
                                "a secret of the stack on the command line of a process: %s",
                                commandLine.replace(secret, "<secret>"))
                        .isFalse();
            }
        }
        for (String output : outputs) {
            for (String secret : secrets) {
                assertThat(output.contains(secret))
                        .as("a secret of the stack in a command's output")
                        .isFalse();
            }
        }
    }
}
