package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds a JDK recent enough for Trino (which refuses anything older than 22). */
public final class JavaRuntimes {
    public static final int TRINO_MIN_FEATURE = 22;

    private JavaRuntimes() {}

    /**
     * In order: the configured path, JAVA_HOME if recent enough, then the newest suitable JDK
     * under /usr/lib/jvm. Throws a message naming what to install when there is none.
     */
    public static Path forTrino(String configured, String javaHome) {
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            Path p = Path.of(configured);
            if (feature(p).orElse(0) < TRINO_MIN_FEATURE) {
                throw new IllegalStateException(
                        "stack.trino-java-home=" + configured + " is not a JDK " + TRINO_MIN_FEATURE + " or newer");
            }
            return p;
        }
        if (javaHome != null) {
            candidates.add(Path.of(javaHome));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.sorted(Comparator.comparing((Path p) -> feature(p).orElse(0)).reversed())
                        .forEach(candidates::add);
            } catch (IOException ignored) {
                // fall through to the error below
            }
        }
        return candidates.stream()
                .filter(p -> feature(p).orElse(0) >= TRINO_MIN_FEATURE)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Trino needs a JDK " + TRINO_MIN_FEATURE
                        + " or newer and none was found (looked at stack.trino-java-home, JAVA_HOME, /usr/lib/jvm). "
                        + "Install one, e.g. `apt-get install temurin-25-jdk` or `openjdk-25-jdk`, or set "
                        + "CIVIC_STACK_TRINO_JAVA_HOME to its folder."));
    }

    /** The major version of the JDK at home, from its release file. */
    static Optional<Integer> feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.exists(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        try (var r = Files.newBufferedReader(release)) {
            Properties p = new Properties();
            p.load(r);
            String v = p.getProperty("JAVA_VERSION", "").replace("\"", "");
            String major = v.startsWith("1.") ? v.substring(2, 3) : v.split("[.\\-+]")[0];
            return Optional.of(Integer.parseInt(major));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
