package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.common.config.CivicConfig;

/**
 * A local stack for one integration-test class: every service on a free port, all state in a
 * temporary data directory, driven through the civic CLI as a user would.
 */
final class TestStack {
    final Path dataDir;
    final Path configFile;
    /** What `stack up` wrote: how clients reach this stack. */
    final CivicConfig client;

    private TestStack(Path dataDir, Path configFile, CivicConfig client) {
        this.dataDir = dataDir;
        this.configFile = configFile;
        this.client = client;
    }

    /** Starts the stack; with the continuous ingest job or without it (tests then run `civic ingest`). */
    static TestStack start(String name, boolean withIngest, Map<String, String> settings) throws Exception {
        return start(name, withIngest, settings, false);
    }

    /**
     * Starts the stack in the embedded topology or, with {@code cluster}, in the cluster topology
     * (`civic stack up --cluster`: object store, Flink session cluster, Spark standalone cluster).
     */
    static TestStack start(String name, boolean withIngest, Map<String, String> settings, boolean cluster)
            throws Exception {
        Path dataDir = Files.createTempDirectory(name);
        Path configFile = dataDir.resolve("it.properties");
        Properties p = new Properties();
        for (String port : new String[] {
            "stack.kafka-port",
            "stack.kafka-controller-port",
            "stack.catalog-port",
            "stack.trino-port",
            "stack.collector-port"
        }) {
            p.setProperty(port, String.valueOf(freePort()));
        }
        if (cluster) {
            for (String port : new String[] {
                "stack.s3-port",
                "stack.flink-rest-port",
                "stack.flink-rpc-port",
                "stack.spark-master-port",
                "stack.spark-master-ui-port",
                "stack.spark-worker-ui-port"
            }) {
                p.setProperty(port, String.valueOf(freePort()));
            }
        }
        p.putAll(settings);
        try (var w = Files.newBufferedWriter(configFile)) {
            p.store(w, "integration test stack");
        }
        TestStack stack = new TestStack(dataDir, configFile, null);
        List<String> up = new ArrayList<>(List.of("stack", "up"));
        if (!withIngest) {
            up.add("--no-ingest");
        }
        if (cluster) {
            up.add("--cluster");
        }
        int code = stack.cli(up.toArray(String[]::new));
        assertThat(code).as("civic stack up").isZero();
        return new TestStack(dataDir, configFile, CivicConfig.load(dataDir.resolve("civic.properties"), Map.of()));
    }

    /** Processes of this stack still running: every service carries its data directory on its command line. */
    List<ProcessHandle> processes() {
        String marker = "@" + dataDir.toAbsolutePath();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .arguments()
                        .map(args ->
                                Stream.of(args).anyMatch(a -> a.startsWith("-Dcivic.service=") && a.endsWith(marker)))
                        .orElse(false))
                .toList();
    }

    void stop() {
        cli("stack", "down");
    }

    int cli(String... args) {
        return CivicCli.run(Stream.concat(
                        Stream.of(args), Stream.of("--data-dir", dataDir.toString(), "--config", configFile.toString()))
                .toArray(String[]::new));
    }

    /** Runs a command that must succeed and returns what it printed (also echoed to the test log). */
    String cliOutput(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream tee = new PrintStream(new TeeStream(original, buffer), true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            code = cli(args);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(code)
                .as("exit code of civic %s; output:%n%s", String.join(" ", args), out)
                .isZero();
        return out;
    }

    /** The stack's services, to stop and start one of them. */
    StackManager manager() {
        CivicContext context = new CivicContext();
        context.dataDir = dataDir;
        context.configFile = configFile;
        return context.stack();
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Writes to two streams at once. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
