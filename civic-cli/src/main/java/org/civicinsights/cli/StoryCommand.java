package org.civicinsights.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.Pseudonymisers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "story",
        mixinStandardHelpOptions = true,
        description = {
            "A person's story, for an operator: the latest profile, the current segments",
            "and every interaction across channels, oldest first (reporting.citizen_story).",
            "A fiscal code is pseudonymised here with the platform's key: only its citizen",
            "key is sent to Trino or printed; the code is never printed, logged or repeated",
            "in an error."
        },
        footer = {
            "",
            "Examples:",
            "  civic story -          reads the fiscal code from standard input, which keeps",
            "                         it out of the shell history and the process list",
            "  civic story 29f8f70c7be79c9e5abacc696db69bddf3c3742bdecbec3172eb56617e746fda",
            "  civic story app-9c41d2e0 --since 2026-01-01",
            "  civic story <citizen key> --limit 50 --format csv > story.csv",
            "",
            "With --format csv or json, standard output holds the timeline only; the",
            "profile, segments and notes go to standard error. Exit code 0 also when the",
            "person has no interactions; 2 when the argument is not a valid fiscal code,",
            "citizen key or anonymous id."
        })
public class StoryCommand implements Callable<Integer> {
    static final String VIEW = "reporting.citizen_story";
    static final String PROFILE_TABLE = "reporting.citizen_profile";
    static final String SEGMENT_TABLE = "reporting.segment_membership";
    static final List<String> TIMELINE = List.of(
            "event_time_local", "channel", "description", "service_name", "case_id", "sla_status", "sla_due_date");

    private static final Pattern CITIZEN_KEY = Pattern.compile("[0-9a-fA-F]{64}");
    /** Sixteen letters and digits: taken as a fiscal code (a mistyped one must never reach Trino as an id). */
    private static final Pattern FISCAL_CODE_LENGTH = Pattern.compile("[A-Za-z0-9]{16}");
    /**
     * Letters and digits only, 14 to 18 of them, or starting like a fiscal code (six letters, then the
     * year): a fiscal code with a character missing or added. Refused without being looked up, so a
     * mistyped code never reaches Trino (and its query log) as an anonymous id.
     */
    private static final Pattern FISCAL_CODE_LIKE =
            Pattern.compile("[A-Za-z0-9]{14,18}|(?i)[A-Z]{6}[0-9LMNPQRSTUV]{2}.*");
    /** The contract allows any anonymous_id of up to 128 characters; here: no blanks or control characters. */
    private static final Pattern ANONYMOUS_ID = Pattern.compile("[^\\s\\p{Cntrl}]{1,128}");

    private static final Pattern MISSING_TABLE = Pattern.compile("(Table|Schema) '[^']*' does not exist");

    @Mixin
    CivicContext context;

    // more than one word is joined (a fiscal code typed with spaces), so picocli never echoes a part of it
    @Parameters(
            arity = "1..*",
            paramLabel = "WHO",
            description = {
                "A fiscal code, a citizen key (64 hex characters) or an anonymous id (anon-..., app-...);",
                "- reads one of these from standard input."
            })
    List<String> who;

    // text, parsed here: picocli's conversion errors repeat the value, which could be a code typed in the wrong place
    @Option(
            names = "--limit",
            defaultValue = "200",
            paramLabel = "N",
            description = "Show the most recent N events, in time order (default ${DEFAULT-VALUE}).")
    String limitText;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Only events from this Rome day on.")
    String sinceText;

    int limit;
    LocalDate since;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
    String format;

    enum Kind {
        FISCAL_CODE("citizen_key", "citizen key %s (from the fiscal code given, which is not shown)"),
        CITIZEN_KEY("citizen_key", "citizen key %s"),
        ANONYMOUS_ID("anonymous_id", "anonymous id %s");

        final String column;
        final String label;

        Kind(String column, String label) {
            this.column = column;
            this.label = label;
        }
    }

    /** Who the story is about: never holds a fiscal code, only the key it becomes. */
    record Person(Kind kind, String key) {
        String describe() {
            return String.format(kind.label, key);
        }
    }

    @Override
    public Integer call() throws Exception {
        ResultFormatter.Format f;
        try {
            f = ResultFormatter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be table, csv or json");
        }
        limit = limit(limitText);
        since = since(sinceText);
        String arg = String.join(" ", who);
        if (arg.equals("-")) {
            arg = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        CivicConfig config = context.config();
        Person person = classify(arg, () -> Pseudonymisers.fromConfig(config));
        // with csv or json, stdout stays machine-readable: everything else goes to stderr
        PrintStream notes = f == ResultFormatter.Format.TABLE ? System.out : System.err;

        try (Connection c = TrinoConnections.open(config, TrinoRole.CRM_OPERATOR)) {
            ResultRows timeline;
            try {
                timeline = query(c, timelineSql(person.kind(), since != null, limit), values(person, since));
            } catch (SQLException e) {
                if (missingTable(e)) {
                    throw new IllegalStateException(
                            "lake." + VIEW + " does not exist yet: `civic ddl views` creates it once"
                                    + " mart.case_sla exists (after the first `civic batch run`)",
                            e);
                }
                throw e;
            }
            ResultRows profile = optional(c, profileSql(), List.of(person.key()));
            ResultRows segments = optional(c, segmentsSql(), List.of(person.key()));

            notes.println("Story of " + person.describe());
            notes.println(
                    profile == null
                            ? "Profile: skipped, lake." + PROFILE_TABLE
                                    + " does not exist yet (built by `civic batch run`)"
                            : profileLine(profile.rows().isEmpty() ? null : profile.first()));
            notes.println(
                    segments == null
                            ? "Segments: skipped, lake." + SEGMENT_TABLE + " does not exist yet"
                            : segmentsLine(segments.rows()));
            if (timeline.rows().isEmpty()) {
                notes.println("No interactions for this person" + (since == null ? "" : " since " + since) + ".");
                return 0;
            }
            long total = Long.parseLong(timeline.rows().get(0).get(TIMELINE.size()));
            List<List<String>> rows = timelineRows(timeline.rows());
            olderLine(total - rows.size(), since).ifPresent(notes::println);
            if (f == ResultFormatter.Format.TABLE) {
                notes.println();
            }
            System.out.print(ResultFormatter.format(TIMELINE, rows, f));
        }
        return 0;
    }

    /**
     * What the argument is. A fiscal code becomes its citizen key at once (the pseudonymiser is only
     * needed then); an invalid one is refused without repeating it. An anonymous id holding something
     * shaped like a fiscal code is scrubbed as the ingest job scrubbed it, so it matches the lake and the
     * code does not reach Trino.
     */
    static Person classify(String arg, Supplier<CitizenPseudonymiser> pseudonymiser) {
        if (arg == null || arg.isBlank()) {
            throw new IllegalArgumentException("give a fiscal code, a citizen key or an anonymous id");
        }
        String compact = TypedFiscalCode.compact(arg);
        if (FISCAL_CODE_LENGTH.matcher(compact).matches()) {
            return new Person(Kind.FISCAL_CODE, TypedFiscalCode.citizenKey(compact, "the argument", pseudonymiser));
        }
        String s = arg.strip();
        if (CITIZEN_KEY.matcher(s).matches()) {
            return new Person(Kind.CITIZEN_KEY, s.toLowerCase(Locale.ROOT));
        }
        if (FISCAL_CODE_LIKE.matcher(compact).matches()) {
            throw new IllegalArgumentException(
                    "the argument looks like a fiscal code with a character missing or added;"
                            + " it is not repeated here and was not looked up");
        }
        if (ANONYMOUS_ID.matcher(s).matches()) {
            return new Person(
                    Kind.ANONYMOUS_ID,
                    // as ingestion stored it: an e-mail or phone used as the id is kept as its pseudonym
                    CitizenPseudonymiser.identifierHoldsPersonalData(s)
                            ? pseudonymiser.get().pseudonymiseIdentifier(s)
                            : s);
        }
        throw new IllegalArgumentException("the argument is not a fiscal code, a citizen key (64 hex characters) or an"
                + " anonymous id (up to 128 characters, no spaces); it is not repeated here");
    }

    static int limit(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the same message as for a number below 1, without the value
        }
        throw new IllegalArgumentException("--limit must be a whole number of at least 1");
    }

    static LocalDate since(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since must be a date, YYYY-MM-DD");
        }
    }

    /** The most recent {@code limit} events (newest first) and, in every row, how many there are in all. */
    static String timelineSql(Kind kind, boolean since, int limit) {
        return "SELECT " + String.join(", ", TIMELINE) + ", count(*) OVER () AS events_total FROM " + VIEW
                + " WHERE " + kind.column + " = ?"
                + (since ? " AND event_time_utc >= CAST(? AS timestamp(6) with time zone)" : "")
                + " ORDER BY event_time_utc DESC, event_id DESC LIMIT " + limit;
    }

    static List<Object> values(Person person, LocalDate since) {
        return since == null ? List.of(person.key()) : List.of(person.key(), since + " 00:00:00 Europe/Rome");
    }

    static String profileSql() {
        return "SELECT as_of_date, key_kind, residency, preferred_channel, digital_share_pct, contacts_365d, open_cases,"
                + " overdue_cases, avg_csat_365d, last_nps, main_language, main_municipio FROM " + PROFILE_TABLE
                + " WHERE citizen_key = ? ORDER BY as_of_date DESC LIMIT 1";
    }

    static String segmentsSql() {
        return "SELECT segment, valid_from FROM " + SEGMENT_TABLE
                + " WHERE citizen_key = ? AND valid_to IS NULL ORDER BY segment";
    }

    /** Oldest first, without the count column, times to the second. */
    static List<List<String>> timelineRows(List<List<String>> newestFirst) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : newestFirst) {
            List<String> row = new ArrayList<>(r.subList(0, TIMELINE.size()));
            String t = row.get(0);
            row.set(0, t != null && t.length() > 19 ? t.substring(0, 19) : t);
            out.add(row);
        }
        Collections.reverse(out);
        return out;
    }

    static String profileLine(Map<String, String> p) {
        if (p == null) {
            return "Profile: none for this person yet";
        }
        List<String> parts = new ArrayList<>();
        add(parts, p.get("residency"), v -> v);
        add(parts, p.get("contacts_365d"), v -> v + " contacts in 365 days");
        add(parts, p.get("preferred_channel"), v -> "preferred channel " + v);
        add(parts, p.get("digital_share_pct"), v -> "digital share " + oneDecimal(v) + " %");
        add(parts, p.get("open_cases"), v -> v + " open cases");
        add(parts, p.get("overdue_cases"), v -> v + " overdue");
        add(parts, p.get("avg_csat_365d"), v -> "average CSAT " + oneDecimal(v));
        add(parts, p.get("last_nps"), v -> "last NPS " + v);
        add(parts, p.get("main_language"), v -> "language " + v);
        add(parts, p.get("main_municipio"), v -> "municipio " + v);
        return "Profile as of " + p.get("as_of_date")
                + (p.get("key_kind") == null ? "" : " (" + p.get("key_kind") + ")") + ": "
                + (parts.isEmpty() ? "no figures" : String.join(", ", parts));
    }

    /** Rows of (segment, valid_from). */
    static String segmentsLine(List<List<String>> segments) {
        if (segments.isEmpty()) {
            return "Segments: none";
        }
        return "Segments: "
                + String.join(
                        ", ",
                        segments.stream()
                                .map(r -> r.get(0) + " (since " + r.get(1) + ")")
                                .toList());
    }

    static Optional<String> olderLine(long older, LocalDate since) {
        if (older <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "%,d older event%s%s not shown (raise --limit or use --since)",
                older, older == 1 ? "" : "s", since == null ? "" : " since " + since));
    }

    static boolean missingTable(SQLException e) {
        return e.getMessage() != null && MISSING_TABLE.matcher(e.getMessage()).find();
    }

    private static void add(List<String> parts, String value, Function<String, String> show) {
        if (value != null) {
            parts.add(show.apply(value));
        }
    }

    private static String oneDecimal(String v) {
        try {
            return String.format(Locale.ROOT, "%.1f", Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /** A query whose table may not be built yet: null then. */
    private static ResultRows optional(Connection c, String sql, List<Object> values) throws SQLException {
        try {
            return query(c, sql, values);
        } catch (SQLException e) {
            if (missingTable(e)) {
                return null;
            }
            throw e;
        }
    }

    private static ResultRows query(Connection c, String sql, List<Object> values) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                p.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                return ResultRows.read(rs);
            }
        }
    }
}
