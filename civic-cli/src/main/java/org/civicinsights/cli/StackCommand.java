package org.civicinsights.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.civicinsights.cli.stack.IngestLag;
import org.civicinsights.cli.stack.ServiceProcess;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.cli.stack.StackTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description = "Start, inspect and stop the local stack (Kafka, Iceberg REST catalog, Trino, ingest job).",
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class})
public class StackCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = {
                "Start every service (each in its own JVM), apply the lake's migrations, start the ingest job.",
                "A data directory keeps the topology it was first started with (stack.topology in civic.properties)."
            })
    static class Up implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Option(names = "--no-ingest", description = "Do not start the continuous ingest job.")
        boolean noIngest;

        @Option(
                names = "--cluster",
                description = {
                    "The cluster topology: a Flink session cluster (JobManager and TaskManagers) running the",
                    "ingest job, a Spark standalone cluster (Master and Worker) for the batch jobs, and the",
                    "lake on a local S3-compatible object store."
                })
        boolean cluster;

        @Override
        public Integer call() throws Exception {
            StackManager stack = cluster ? context.stack(StackTopology.CLUSTER) : context.stack();
            stack.up(!noIngest);
            return 0;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop every service of the local stack (state is kept).")
    static class Down implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Override
        public Integer call() {
            context.stack().down();
            return 0;
        }
    }

    enum Format {
        table,
        json
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "Show each service's health and the ingest job's lag; exit code 3 when a service is not healthy.",
                "--format json prints the same as one JSON object."
            })
    static class Status implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Option(names = "--format", defaultValue = "table", description = "table (default) or json.")
        Format format;

        @Override
        public Integer call() throws Exception {
            StackManager stack = context.stack();
            List<StackManager.ServiceStatus> services = stack.status();
            Optional<IngestLag> lag = stack.ingestLag("civic-ingest");
            boolean allHealthy = services.stream().allMatch(StackManager.ServiceStatus::healthy);
            if (format == Format.json) {
                System.out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(asJson(stack.topology(), services, lag, context)));
                return allHealthy ? 0 : 3;
            }
            int w = stack.nameWidth();
            String indent = " ".repeat(w + 19); // under ENDPOINT
            System.out.printf("%-" + w + "s %-9s %-8s %s%n", "SERVICE", "STATE", "PID", "ENDPOINT / LOG");
            for (StackManager.ServiceStatus s : services) {
                System.out.printf(
                        "%-" + w + "s %-9s %-8s %s%n%s log: %s%n",
                        s.name(),
                        s.state(),
                        s.pid() < 0 ? "-" : String.valueOf(s.pid()),
                        s.endpoint(),
                        indent,
                        s.log());
                if (!s.details().isEmpty()) {
                    System.out.printf("%s %s%n", indent, describe(s.details()));
                }
            }
            // the dashboards' Superset is not part of the stack's health, only reported when it runs
            for (String superset : StackManager.SUPERSETS) {
                var p = new ServiceProcess(superset, context.layout()).running();
                if (p.isPresent()) {
                    System.out.printf(
                            "%s running (pid %d; `civic dashboards stop`), log: %s%n",
                            superset, p.get().pid(), context.layout().log(superset));
                }
            }
            if (lag.isPresent()) {
                System.out.printf(
                        "ingest lag: %,d records (topic end offsets %,d, committed by the job %,d)%n",
                        lag.get().lag(), lag.get().endOffsets(), lag.get().committedOffsets());
            } else {
                System.out.println("ingest lag: unknown (Kafka not reachable or no offsets committed yet)");
            }
            System.out.println("data directory: " + context.layout().dataDir());
            return allHealthy ? 0 : 3;
        }

        /** A service's own figures on one line: "taskmanagers 2, running_jobs 1, ...". */
        static String describe(Map<String, Object> details) {
            return details.entrySet().stream()
                    .map(e -> e.getKey() + " " + describeValue(e.getValue()))
                    .collect(Collectors.joining(", "));
        }

        private static String describeValue(Object v) {
            if (v == null) {
                return "none";
            }
            if (v instanceof Map<?, ?> m) {
                return m.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ", "(", ")"));
            }
            if (v instanceof List<?> list) {
                return list.isEmpty()
                        ? "none"
                        : list.stream()
                                .map(o -> o instanceof Map<?, ?> m
                                        ? String.valueOf(m.get("name")) + " (" + m.get("state") + ")"
                                        : String.valueOf(o))
                                .collect(Collectors.joining("; "));
            }
            return String.valueOf(v);
        }

        /** The whole status as one object: topology, services (name, state, url, pid, ...), lag, data directory. */
        static Map<String, Object> asJson(
                StackTopology topology,
                List<StackManager.ServiceStatus> services,
                Optional<IngestLag> lag,
                CivicContext context) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("topology", topology.key());
            root.put("healthy", services.stream().allMatch(StackManager.ServiceStatus::healthy));
            root.put("services", services.stream().map(Status::asJson).toList());
            Map<String, Object> ingestLag = new LinkedHashMap<>();
            lag.ifPresent(l -> {
                ingestLag.put("records", l.lag());
                ingestLag.put("end_offsets", l.endOffsets());
                ingestLag.put("committed_offsets", l.committedOffsets());
            });
            root.put("ingest_lag", lag.isPresent() ? ingestLag : null);
            root.put("data_dir", context.layout().dataDir().toString());
            return root;
        }

        static Map<String, Object> asJson(StackManager.ServiceStatus s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("state", s.state());
            m.put("url", s.url());
            m.put("pid", s.pid() < 0 ? null : s.pid());
            m.put("endpoint", s.endpoint());
            m.put("log", s.log());
            m.putAll(s.details());
            return m;
        }
    }
}
