package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.civicinsights.cli.StoryCommand.Kind;
import org.civicinsights.cli.StoryCommand.Person;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.FiscalCode;
import org.junit.jupiter.api.Test;

class StoryCommandTest {
    /** Synthetic: BNC LRA, born 1 January 1990 (female: day + 40) in Rome (H501). */
    static final String CODE = FiscalCode.withCheckCharacter("BNCLRA90A41H501");

    static final CitizenPseudonymiser PSEUDONYMISER = new CitizenPseudonymiser(new byte[32]);
    static final Supplier<CitizenPseudonymiser> KEY = () -> PSEUDONYMISER;
    /** For inputs that must not need the key. */
    static final Supplier<CitizenPseudonymiser> NO_KEY = () -> {
        throw new AssertionError("the key is not needed here");
    };

    @Test
    void aFiscalCodeBecomesItsCitizenKey() {
        assertThat(FiscalCode.isValid(CODE)).isTrue();
        Person p = StoryCommand.classify(CODE, KEY);
        assertThat(p).isEqualTo(new Person(Kind.FISCAL_CODE, PSEUDONYMISER.citizenKey(CODE)));
        assertThat(p.key()).matches("[0-9a-f]{64}");
        assertThat(p.describe()).contains(p.key()).doesNotContainIgnoringCase(CODE);
        assertThat(p.toString()).doesNotContainIgnoringCase(CODE);
    }

    @Test
    void lowerCaseAndSpacedCodesAreTheSameCitizen() {
        Person p = StoryCommand.classify(CODE, KEY);
        assertThat(StoryCommand.classify(CODE.toLowerCase(Locale.ROOT), KEY)).isEqualTo(p);
        assertThat(StoryCommand.classify(" " + CODE.substring(0, 6) + " " + CODE.substring(6) + "\n", KEY))
                .isEqualTo(p);
    }

    @Test
    void anOmocodicCodeIsAcceptedAndIsADifferentKey() {
        String omocodic = FiscalCode.withOmocodia(CODE, 2);
        assertThat(omocodic).isNotEqualTo(CODE);
        Person p = StoryCommand.classify(omocodic, KEY);
        assertThat(p.kind()).isEqualTo(Kind.FISCAL_CODE);
        assertThat(p.key()).isEqualTo(PSEUDONYMISER.citizenKey(omocodic)).isNotEqualTo(PSEUDONYMISER.citizenKey(CODE));
    }

    @Test
    void anInvalidCodeIsRefusedWithoutBeingRepeated() {
        char wrong = CODE.charAt(15) == 'A' ? 'B' : 'A';
        String invalid = CODE.substring(0, 15) + wrong;
        assertThatThrownBy(() -> StoryCommand.classify(invalid, NO_KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid fiscal code")
                .hasMessageContaining("check character")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContainIgnoringCase(invalid)
                        .doesNotContainIgnoringCase(CODE.substring(0, 15)));
        // a mistyped code (a digit where a letter belongs) is still a fiscal code, never an anonymous id
        String mistyped = "BNCLR4" + CODE.substring(6);
        assertThatThrownBy(() -> StoryCommand.classify(mistyped, NO_KEY))
                .hasMessageContaining("not a valid fiscal code")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase(mistyped));
    }

    @Test
    void aCodeWithACharacterMissingOrAddedIsNeitherLookedUpNorRepeated() {
        for (String typo : List.of(CODE.substring(0, 15), CODE + "7", CODE.substring(0, 14))) {
            assertThatThrownBy(() -> StoryCommand.classify(typo, NO_KEY))
                    .hasMessageContaining("looks like a fiscal code with a character missing or added")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase(typo.substring(0, 10)));
        }
    }

    @Test
    void optionValuesAreNotRepeatedInErrors() {
        assertThat(StoryCommand.limit("50")).isEqualTo(50);
        assertThat(StoryCommand.since("2026-01-01")).isEqualTo(LocalDate.parse("2026-01-01"));
        assertThat(StoryCommand.since(null)).isNull();
        assertThatThrownBy(() -> StoryCommand.limit(CODE)).hasMessage("--limit must be a whole number of at least 1");
        assertThatThrownBy(() -> StoryCommand.limit("0")).hasMessage("--limit must be a whole number of at least 1");
        assertThatThrownBy(() -> StoryCommand.since(CODE)).hasMessage("--since must be a date, YYYY-MM-DD");
    }

    @Test
    void sixtyFourHexIsACitizenKey() {
        String key = PSEUDONYMISER.citizenKey(CODE);
        assertThat(StoryCommand.classify(key.toUpperCase(Locale.ROOT), NO_KEY))
                .isEqualTo(new Person(Kind.CITIZEN_KEY, key));
    }

    @Test
    void otherIdsAreAnonymousIds() {
        assertThat(StoryCommand.classify("anon-7517a0ed-3f81-4933-9c1e-2b6a0d4f8e21", NO_KEY))
                .isEqualTo(new Person(Kind.ANONYMOUS_ID, "anon-7517a0ed-3f81-4933-9c1e-2b6a0d4f8e21"));
        assertThat(StoryCommand.classify("app-9c41d2e0", NO_KEY).kind()).isEqualTo(Kind.ANONYMOUS_ID);
        // scrubbed as the ingest job scrubbed it: matches the lake, and the code does not go to Trino
        Person p = StoryCommand.classify("web-" + CODE, KEY);
        assertThat(p).isEqualTo(new Person(Kind.ANONYMOUS_ID, "web-pseudonym:" + PSEUDONYMISER.citizenKey(CODE)));
        // an e-mail used as an anonymous id is looked up by the pseudonym ingestion stored instead
        assertThat(StoryCommand.classify("Visitor@Example.it", KEY))
                .isEqualTo(new Person(Kind.ANONYMOUS_ID, PSEUDONYMISER.pseudonymiseIdentifier("visitor@example.it")));
    }

    @Test
    void anythingElseIsRefusedWithoutBeingRepeated() {
        for (String bad : new String[] {"", "   ", "mario rossi", "x".repeat(129), "tab\there"}) {
            assertThatThrownBy(() -> StoryCommand.classify(bad, NO_KEY))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(bad.isBlank() || !e.getMessage().contains(bad))
                            .isTrue());
        }
        assertThatThrownBy(() -> StoryCommand.classify(null, NO_KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCommandLineExitsWith2AndNeverPrintsTheCode() {
        String invalid = CODE.substring(0, 15) + (CODE.charAt(15) == 'A' ? 'B' : 'A');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        InputStream stdin = System.in;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            assertThat(CivicCli.run("story", invalid)).isEqualTo(2);
            assertThat(CivicCli.run("story", invalid.substring(0, 6), invalid.substring(6)))
                    .isEqualTo(2);
            assertThat(CivicCli.run("story", "not an id at all")).isEqualTo(2);
            System.setIn(new ByteArrayInputStream((invalid + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(CivicCli.run("story", "-")).isEqualTo(2);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            System.setIn(stdin);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("not a valid fiscal code")
                .doesNotContainIgnoringCase(invalid)
                .doesNotContainIgnoringCase(invalid.substring(6))
                .doesNotContain("not an id at all");
        assertThat(CivicCli.run("story", "--help")).isZero();
    }

    @Test
    void theTimelineQueryIsParameterised() {
        String sql = StoryCommand.timelineSql(Kind.CITIZEN_KEY, false, 200);
        assertThat(sql)
                .isEqualTo(
                        "SELECT event_time_local, channel, description, service_name, case_id, sla_status, sla_due_date,"
                                + " count(*) OVER () AS events_total FROM reporting.citizen_story WHERE citizen_key = ?"
                                + " ORDER BY event_time_utc DESC, event_id DESC LIMIT 200");
        assertThat(StoryCommand.timelineSql(Kind.ANONYMOUS_ID, true, 5))
                .contains("WHERE anonymous_id = ? AND event_time_utc >= CAST(? AS")
                .endsWith("LIMIT 5");
        Person p = new Person(Kind.CITIZEN_KEY, "ab".repeat(32));
        assertThat(StoryCommand.values(p, null)).containsExactly(p.key());
        assertThat(StoryCommand.values(p, LocalDate.of(2026, 3, 1)))
                .containsExactly(p.key(), "2026-03-01 00:00:00 Europe/Rome");
        assertThat(StoryCommand.profileSql()).contains("FROM reporting.citizen_profile WHERE citizen_key = ?");
        assertThat(StoryCommand.segmentsSql()).contains("citizen_key = ? AND valid_to IS NULL");
    }

    @Test
    void theTimelineIsShownOldestFirstToTheSecond() {
        List<List<String>> newestFirst = List.of(
                Arrays.asList(
                        "2026-03-02 10:00:00.000000",
                        "portal",
                        "Pratica aperta",
                        "Certificato",
                        "RM-1",
                        "open_on_track",
                        "2026-04-01",
                        "2"),
                Arrays.asList(
                        "2026-03-02 09:15:00.000000",
                        "contact_centre",
                        "Telefonata (attesa 5 min)",
                        null,
                        null,
                        null,
                        null,
                        "2"));
        List<List<String>> rows = StoryCommand.timelineRows(newestFirst);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsExactly(
                        "2026-03-02 09:15:00", "contact_centre", "Telefonata (attesa 5 min)", null, null, null, null);
        assertThat(rows.get(1).get(0)).isEqualTo("2026-03-02 10:00:00");
        assertThat(StoryCommand.olderLine(0, null)).isEmpty();
        assertThat(StoryCommand.olderLine(1, null)).hasValue("1 older event not shown (raise --limit or use --since)");
        assertThat(StoryCommand.olderLine(1234, LocalDate.of(2026, 1, 1)))
                .hasValue("1,234 older events since 2026-01-01 not shown (raise --limit or use --since)");
    }

    @Test
    void theHeaderShowsTheProfileFiguresPresent() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("as_of_date", "2026-03-01");
        p.put("key_kind", "citizen");
        p.put("residency", "resident");
        p.put("preferred_channel", "contact_centre");
        p.put("digital_share_pct", "35.294117647058826");
        p.put("contacts_365d", "17");
        p.put("open_cases", "2");
        p.put("overdue_cases", "1");
        p.put("avg_csat_365d", null);
        p.put("last_nps", "3");
        p.put("main_language", "it");
        p.put("main_municipio", "7");
        assertThat(StoryCommand.profileLine(p))
                .isEqualTo(
                        "Profile as of 2026-03-01 (citizen): resident, 17 contacts in 365 days,"
                                + " preferred channel contact_centre, digital share 35.3 %, 2 open cases, 1 overdue, last NPS 3, language it, municipio 7");
        assertThat(StoryCommand.profileLine(null)).isEqualTo("Profile: none for this person yet");
        assertThat(StoryCommand.segmentsLine(List.of())).isEqualTo("Segments: none");
        assertThat(StoryCommand.segmentsLine(
                        List.of(List.of("digital_ready", "2026-02-01"), List.of("overdue_case", "2026-02-20"))))
                .isEqualTo("Segments: digital_ready (since 2026-02-01), overdue_case (since 2026-02-20)");
    }

    @Test
    void aMissingTableIsRecognised() {
        assertThat(StoryCommand.missingTable(new SQLException(
                        "Query failed (#1): line 1:80: Table 'lake.core.citizen_profile' does not exist")))
                .isTrue();
        assertThat(StoryCommand.missingTable(
                        new SQLException("Query failed (#2): line 1:50: Schema 'activation' does not exist")))
                .isTrue();
        assertThat(StoryCommand.missingTable(
                        new SQLException("Query failed (#3): line 1:8: Column 'key_kind' cannot be resolved")))
                .isFalse();
    }
}
