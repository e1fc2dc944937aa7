package org.civicinsights.cli;

import org.civicinsights.cli.dashboards.DashboardsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code civic} command: local stack, lake schema, generator, ingestion, SQL and the demo. */
@Command(
        name = "civic",
        mixinStandardHelpOptions = true,
        version = "civic-insights 0.1.0",
        description = "civic-insights: the data platform under a city's CRM (Kafka -> Flink -> Iceberg -> Trino).",
        subcommands = {
            DemoCommand.class,
            StackCommand.class,
            DdlCommand.class,
            GenerateCommand.class,
            ImportCommand.class,
            RejectedCommand.class,
            MaintainCommand.class,
            BatchCommand.class,
            OutreachCommand.class,
            SchedulerCommand.class,
            CollectorCommand.class,
            DashboardsCommand.class,
            IngestCommand.class,
            SqlCommand.class,
            StoryCommand.class,
            PrivacyCommand.class,
            CommandLine.HelpCommand.class
        })
public class CivicCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line; errors print one clear message (no stack trace) and a non-zero code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new CivicCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message(ex));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    static String message(Throwable ex) {
        Throwable t = ex;
        StringBuilder sb = new StringBuilder(
                String.valueOf(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) {
                sb.append("\n  caused by: ").append(t.getMessage());
            }
        }
        return sb.toString();
    }
}
