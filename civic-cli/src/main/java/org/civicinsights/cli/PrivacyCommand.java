package org.civicinsights.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.privacy.Pseudonymisers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description =
                "The personal-data lifecycle: erasure of a person on request (GDPR Art. 17). See docs/privacy.md.",
        subcommands = {PrivacyCommand.Erase.class})
public class PrivacyCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "erase",
            mixinStandardHelpOptions = true,
            description = {
                "Erase persons on request (GDPR Art. 17) from the lake, snapshots and files.",
                "Their rows are deleted (cases and case events stay without the person) in every",
                "table the register of personal data names, the snapshots still holding them expire",
                "and orphaned files go; the CRM gets a notice (Kafka topic",
                "civic.privacy.erasures.v1 and the outbox); meta.erasures records the ticket,",
                "the reason and the rows per table, never the person. Objections to contact",
                "(activation.suppression) stay, so the person is never contacted again.",
                "Fiscal codes are read from standard input, one per line, and pseudonymised",
                "here with the platform's key: no code is sent, printed or logged. Runs job",
                "erase of the batch jar in its own Spark JVM (or spark-submit to --master).",
                "Safe to run again. It cannot be undone: on a terminal it asks you to type yes;",
                "scripts (and codes piped in) pass --yes."
            },
            footer = {
                "",
                "Examples (type the codes, one per line, then Ctrl-D):",
                "  civic privacy erase --fiscal-code - --ticket DPO-2026-0142 \\",
                "      --reason \"art. 17 request\"",
                "  civic privacy erase --fiscal-code - --ticket DPO-2026-0142 \\",
                "      --reason \"art. 17 request\" --yes < codes.txt",
                "  civic privacy erase --citizen-key 29f8f70c...6fda --ticket DPO-2026-0143 \\",
                "      --reason \"art. 17 request\" --yes",
                "  civic privacy erase --citizen-keys-file keys.txt --ticket DPO-2026-0144 \\",
                "      --reason \"art. 17 request\" --yes",
                "",
                "Exit codes: 0 erased; 1 the job failed or the confirmation was refused (the",
                "erasure is not complete: run the same command again); 2 invalid arguments (an",
                "invalid fiscal code is not repeated). See docs/privacy.md, \"How to erase a",
                "person\", and docs/crm-export.md, \"Erasure notices\"."
            })
    static class Erase implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(Erase.class);

        @Mixin
        CivicContext context;

        // text, checked here: only "-" is taken, and picocli must never echo a code typed in its place
        @Option(
                names = "--fiscal-code",
                paramLabel = "-",
                description = "Read fiscal codes from standard input, one per line (never on the command line).")
        String fiscalCode;

        // anything else on the line is taken here, so picocli never echoes it: it could be a fiscal code
        @Parameters(hidden = true)
        List<String> stray = new ArrayList<>();

        @Option(
                names = "--citizen-key",
                paramLabel = "KEY",
                description = "A citizen key (64 hex characters, as in the lake); repeatable.")
        List<String> citizenKeys = new ArrayList<>();

        @Option(
                names = "--citizen-keys-file",
                paramLabel = "FILE",
                description = "A UTF-8 file of citizen keys, one per line ('#' starts a comment line).")
        Path citizenKeysFile;

        @Option(
                names = "--ticket",
                required = true,
                paramLabel = "ID",
                description = "The request's ticket or protocol number (recorded in meta.erasures).")
        String ticket;

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "Why (recorded in meta.erasures): no name, code or other detail of the person.")
        String reason;

        @Option(
                names = "--grace",
                paramLabel = "DURATION",
                description = "Keep snapshots younger than this (ISO-8601, e.g. PT0S, P7D) so readers that are"
                        + " running finish; the erased rows stay in their files until expired"
                        + " (default: privacy.snapshot-grace, else PT0S).")
        String grace;

        @Option(
                names = "--orphan-min-age",
                paramLabel = "DURATION",
                description = "Remove orphan files older than this only (ISO-8601): a running write's files"
                        + " and those of a checkpoint the ingest job may restore from are younger"
                        + " (default: privacy.orphan-min-age, else " + CivicConfig.DEFAULT_PRIVACY_ORPHAN_MIN_AGE
                        + ").")
        String orphanMinAge;

        @Option(names = "--yes", description = "Do not ask for confirmation (scripts; required without a terminal).")
        boolean yes;

        @Option(
                names = "--outbox",
                paramLabel = "DIR",
                description = "The local directory the CRM reads from (default: as `civic outreach run`).")
        Path outbox;

        @Option(
                names = "--heap",
                defaultValue = "2g",
                description = "Heap of the Spark JVM (default ${DEFAULT-VALUE}).")
        String heap;

        @Option(
                names = "--master",
                paramLabel = "URL",
                description = "Spark master to submit to (default: the configuration's spark.master, else local[2]).")
        String master;

        @Override
        public Integer call() throws Exception {
            if (!stray.isEmpty()) {
                throw new IllegalArgumentException("unexpected argument (not repeated here: it could be a fiscal code);"
                        + " fiscal codes go on standard input with --fiscal-code -, keys after --citizen-key");
            }
            ErasureRequest.checkFiscalCodeOption(fiscalCode);
            String recordedTicket = ErasureRequest.recordedText(ticket, "--ticket");
            String recordedReason = ErasureRequest.recordedText(reason, "--reason");
            Duration snapshotGrace = ErasureRequest.duration(grace, "--grace");
            Duration orphanAge = ErasureRequest.duration(orphanMinAge, "--orphan-min-age");
            CivicConfig config = context.config();

            List<List<String>> sources = new ArrayList<>();
            if (fiscalCode != null) {
                sources.add(ErasureRequest.keysOfFiscalCodes(
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        () -> Pseudonymisers.fromConfig(config)));
            }
            List<String> given = new ArrayList<>();
            for (int i = 0; i < citizenKeys.size(); i++) {
                given.add(ErasureRequest.citizenKey(citizenKeys.get(i), "--citizen-key number " + (i + 1)));
            }
            sources.add(given);
            if (citizenKeysFile != null) {
                sources.add(ErasureRequest.keysOfFile(citizenKeysFile));
            }
            List<String> keys = ErasureRequest.union(sources);

            String erasureId = UUID.randomUUID().toString();
            System.out.printf(
                    "privacy erase: %d person%s, ticket %s, erasure id %s%n",
                    keys.size(), keys.size() == 1 ? "" : "s", recordedTicket, erasureId);
            if (!yes && !confirmed(keys.size())) {
                System.err.println("privacy erase: not confirmed; nothing erased");
                return 1;
            }

            Map<String, Path> paths = new HashMap<>();
            paths.put("outreach.outbox", outboxDir(config));
            Map<String, String> settings = new HashMap<>();
            settings.put("erase.id", erasureId);
            settings.put("erase.ticket", recordedTicket);
            settings.put("erase.reason", recordedReason);
            if (snapshotGrace != null) {
                settings.put("privacy.snapshot-grace", snapshotGrace.toString());
            }
            if (orphanAge != null) {
                settings.put(CivicConfig.PRIVACY_ORPHAN_MIN_AGE, orphanAge.toString());
            }
            long t0 = System.nanoTime();
            // the keys travel in a 0600 file, never on the job's command line; deleted whatever happens
            Path keysFile = ErasureRequest.writeKeysFile(context.layout().run(), keys);
            int code;
            try {
                paths.put("erase.keys-file", keysFile);
                LOG.info("erasure {} (ticket {}): {} person(s), job starting", erasureId, recordedTicket, keys.size());
                // the run's date is today's in Rome: meta.job_runs records the erasure under it
                code = BatchCommand.launch(
                        context,
                        "erase",
                        List.of("--date", LocalDate.now(RomeTime.ZONE).toString()),
                        heap,
                        master,
                        paths,
                        settings);
            } finally {
                Files.deleteIfExists(keysFile);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (code != 0) {
                System.err.printf(
                        Locale.ROOT,
                        "privacy erase: the erase job failed (exit code %d) after %.0f s; erasure %s is not complete."
                                + " Running the same command again is safe.%n",
                        code,
                        seconds,
                        erasureId);
                return code;
            }
            List<ErasureSummary.TableRows> tables;
            try (Connection c = TrinoConnections.open(config, TrinoRole.ENGINEER)) {
                tables = ErasureSummary.read(c, erasureId);
            }
            System.out.print(ErasureSummary.format(
                    erasureId,
                    recordedTicket,
                    keys.size(),
                    seconds,
                    tables,
                    config.get(CivicConfig.PRIVACY_ERASURES_TOPIC),
                    noticeFile(config, erasureId)));
            LOG.info("erasure {} done in {} s", erasureId, Math.round(seconds));
            return 0;
        }

        /** On a terminal, the DPO types "yes"; without one (a script, codes piped in) --yes is required. */
        private static boolean confirmed(int persons) {
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("an erasure cannot be undone: without a terminal to confirm on"
                        + " (a script, or codes piped to standard input), add --yes");
            }
            String answer = console.readLine(
                    "Erase %d person%s from every table and snapshot of the lake and notify the CRM?"
                            + " This cannot be undone. Type yes to go on: ",
                    persons, persons == 1 ? "" : "s");
            return answer != null && answer.strip().equalsIgnoreCase("yes");
        }

        /** Where the notices' file goes: --outbox, else outreach.outbox when set (the job reads it), else data/outbox. */
        private Path outboxDir(CivicConfig config) {
            if (outbox != null) {
                return outbox;
            }
            return config.has("outreach.outbox")
                    ? null
                    : context.layout().dataDir().resolve("outbox");
        }

        private String noticeFile(CivicConfig config, String erasureId) {
            String relative = "erasures/" + erasureId + ".jsonl";
            Path dir = outboxDir(config);
            if (dir == null) {
                String uri = config.get("outreach.outbox");
                return (uri.endsWith("/") ? uri : uri + "/") + relative;
            }
            Path file = dir.resolve(relative).toAbsolutePath();
            return Files.exists(file) ? "file " + file : "file " + file + " (not found: check the job's output)";
        }
    }
}
