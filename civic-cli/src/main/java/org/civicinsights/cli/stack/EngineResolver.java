package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.civicinsights.common.io.FileTrees;

/**
 * Resolves the engines the stack runs (Kafka broker, REST catalog, Trino) as Maven artifacts
 * through the project's Maven wrapper, so mirrors and the local repository are honoured and no
 * engine is vendored. Results are cached: the second start resolves nothing.
 */
public final class EngineResolver {
    /** From the parent pom's trino.version (filtered into civic-cli.properties), so it is set once. */
    public static final String TRINO_VERSION = buildProperty("trino.version");

    private final StackLayout layout;
    private final Consumer<String> progress;

    public EngineResolver(StackLayout layout, Consumer<String> progress) {
        this.layout = layout;
        this.progress = progress;
    }

    /** The classpath of an engine described by civic-cli/engines/NAME/pom.xml. */
    public String classpath(String engine) throws IOException, InterruptedException {
        Path pom = layout.enginePom(engine);
        if (!Files.exists(pom)) {
            throw new IllegalStateException("engine description " + pom + " is missing");
        }
        String digest = sha256(Files.readAllBytes(pom)).substring(0, 12);
        Path cached = layout.cacheDir().resolve("classpath").resolve(engine + "-" + digest + ".txt");
        if (!Files.exists(cached)) {
            progress.accept("resolving " + engine + " from Maven (first use only)");
            Files.createDirectories(cached.getParent());
            Path tmp = cached.resolveSibling(cached.getFileName() + ".tmp");
            maven("-f", pom.toString(), "dependency:build-classpath", "-Dmdep.outputFile=" + tmp);
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.readString(cached).strip();
    }

    /** Trino server with only the Iceberg plugin, unpacked once into the cache. */
    public Path trinoServer() throws IOException, InterruptedException {
        Path dir = layout.cacheDir().resolve("trino-server-" + TRINO_VERSION);
        Path ready = dir.resolve(".complete");
        if (Files.exists(ready)) {
            return dir;
        }
        progress.accept(
                "downloading Trino " + TRINO_VERSION + " (server core + Iceberg plugin, ~540 MB, first use only)");
        Path downloads = layout.cacheDir().resolve("downloads");
        Files.createDirectories(downloads);
        maven(
                "dependency:copy",
                "-Dartifact=io.trino:trino-server-core:" + TRINO_VERSION + ":tar.gz",
                "-DoutputDirectory=" + downloads);
        maven(
                "dependency:copy",
                "-Dartifact=io.trino:trino-iceberg:" + TRINO_VERSION + ":zip",
                "-DoutputDirectory=" + downloads);
        progress.accept("unpacking Trino into " + dir);
        FileTrees.delete(dir);
        Path staging = layout.cacheDir().resolve("trino-staging");
        FileTrees.delete(staging);
        Files.createDirectories(staging);
        run(
                List.of(
                        "tar",
                        "xzf",
                        downloads
                                .resolve("trino-server-core-" + TRINO_VERSION + ".tar.gz")
                                .toString(),
                        "-C",
                        staging.toString()),
                staging);
        Path server = staging.resolve("trino-server-core-" + TRINO_VERSION);
        Path plugin = server.resolve("plugin").resolve("iceberg");
        unzipFlattened(downloads.resolve("trino-iceberg-" + TRINO_VERSION + ".zip"), plugin);
        Files.move(server, dir);
        FileTrees.delete(staging);
        Files.writeString(ready, TRINO_VERSION);
        return dir;
    }

    private void maven(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(layout.mavenWrapper().toString());
        cmd.add("-q");
        cmd.add("-B");
        cmd.addAll(List.of(args));
        run(cmd, layout.home());
    }

    private static void run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("command failed: " + String.join(" ", cmd) + "\n" + out);
        }
    }

    /** Unzips into target, dropping the archive's single top-level folder. */
    static void unzipFlattened(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                String name = e.getName();
                int slash = name.indexOf('/');
                String rel = slash >= 0 ? name.substring(slash + 1) : name;
                if (rel.isEmpty() || e.isDirectory()) {
                    continue;
                }
                Path out = target.resolve(rel).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes its folder: " + name);
                }
                Files.createDirectories(out.getParent());
                Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String buildProperty(String key) {
        try (InputStream in = EngineResolver.class.getResourceAsStream("/civic-cli.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("civic-cli.properties is missing from the jar", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
