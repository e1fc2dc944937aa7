package org.civicinsights.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "outreach",
        mixinStandardHelpOptions = true,
        description = "Proactive outreach: the campaigns' lists and their export to the CRM.",
        subcommands = {OutreachCommand.Run.class})
public class OutreachCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Evaluate every campaign active on the date, apply the contact policy (consent, suppression,",
                "cooldown, frequency cap, one contact per citizen per run by priority, capacity) and export what",
                "changed since the CRM's last export: files in the outbox (CSV, JSON Lines, manifest with",
                "SHA-256) and one message per change on the outreach Kafka topic. Prints per campaign the",
                "audience, the exclusions by reason, the list and the changes.",
                "Runs job outreach of the batch jar in its own Spark JVM (or spark-submit to --master / the",
                "configuration's spark.master), after the daily jobs of the date",
                "(profile and segments must be there). A rerun of a date gives the same lists and an empty",
                "delta. See docs/outreach.md and docs/crm-export.md."
            },
            footer = {
                "",
                "Examples:",
                "  civic outreach run --date 2026-11-25 --dry-run",
                "  civic outreach run --date 2026-11-25",
                "  civic outreach run --date 2026-11-25 --campaign overdue_case_update",
                "  civic outreach run --campaigns-dir my-campaigns/ --outbox /srv/crm-outbox"
            })
    static class Run implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Option(
                names = "--date",
                paramLabel = "YYYY-MM-DD",
                description = "The Rome calendar date to run for (default: yesterday).")
        LocalDate date;

        @Option(
                names = "--campaign",
                paramLabel = "NAME",
                description =
                        "Export only this campaign (the policy still weighs every active campaign, so its list is the one a full run gives).")
        String campaign;

        @Option(
                names = "--dry-run",
                description = "Decide and print, and write nothing: no row, no file, no Kafka message.")
        boolean dryRun;

        @Option(
                names = "--outbox",
                paramLabel = "DIR",
                description =
                        "The local directory the CRM reads the exports from (default: the data directory's outbox/);"
                                + " for an object store or HDFS set outreach.outbox to its URI instead.")
        Path outbox;

        @Option(
                names = "--campaigns-dir",
                paramLabel = "DIR",
                description =
                        "Evaluate the campaign definitions (*.yaml) of DIR instead of the defaults (setting campaigns.dir).")
        Path campaignsDir;

        @Option(
                names = "--heap",
                defaultValue = "2g",
                description =
                        "Heap of the Spark JVM, the driver's when submitting to a cluster (default ${DEFAULT-VALUE}).")
        String heap;

        @Option(
                names = "--master",
                paramLabel = "URL",
                description =
                        "Spark master to submit to with spark-submit (default: the configuration's spark.master, else local[2]).")
        String master;

        @Option(
                names = "--triggered-by",
                paramLabel = "NAME",
                description = "Who started the run, as meta.job_runs records it (default: manual).")
        String triggeredBy;

        @Override
        public Integer call() throws Exception {
            LocalDate d = date != null ? date : BatchCommand.yesterdayInRome();
            Map<String, Path> paths = new HashMap<>();
            paths.put("campaigns.dir", campaignsDir);
            Path box = outbox != null
                    ? outbox
                    : context.config().has("outreach.outbox")
                            ? null
                            : context.layout().dataDir().resolve("outbox");
            paths.put("outreach.outbox", box);
            // it runs once segments succeeded for the date (meta.job_runs), so a failed night exports nothing
            Map<String, String> settings = new HashMap<>(BatchCommand.runSettings(triggeredBy, false));
            if (campaign != null) {
                settings.put("outreach.campaign", campaign);
            }
            if (dryRun) {
                settings.put("outreach.dry-run", "true");
            }
            return BatchCommand.launch(
                    context, "outreach", List.of("--date", d.toString()), heap, master, paths, settings);
        }
    }
}
