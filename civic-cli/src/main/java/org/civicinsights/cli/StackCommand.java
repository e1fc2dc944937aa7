package org.civicinsights.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.IngestLag;
import org.civicinsights.cli.stack.ServiceProcess;
import org.civicinsights.cli.stack.StackManager;
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
            description =
                    "Start every service (each in its own JVM), apply the lake's migrations, start the ingest job.")
    static class Up implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Option(names = "--no-ingest", description = "Do not start the continuous ingest job.")
        boolean noIngest;

        @Override
        public Integer call() throws Exception {
            context.stack().up(!noIngest);
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

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show each service's health and the ingest job's lag.")
    static class Status implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Override
        public Integer call() {
            StackManager stack = context.stack();
            boolean allHealthy = true;
            System.out.printf("%-8s %-9s %-8s %s%n", "SERVICE", "STATE", "PID", "ENDPOINT / LOG");
            for (StackManager.ServiceStatus s : stack.status()) {
                String state = !s.running() ? "stopped" : s.healthy() ? "healthy" : "unhealthy";
                allHealthy &= s.healthy();
                System.out.printf(
                        "%-8s %-9s %-8s %s%n%-27s log: %s%n",
                        s.name(), state, s.pid() < 0 ? "-" : String.valueOf(s.pid()), s.endpoint(), "", s.log());
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
            Optional<IngestLag> lag = stack.ingestLag("civic-ingest");
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
    }
}
