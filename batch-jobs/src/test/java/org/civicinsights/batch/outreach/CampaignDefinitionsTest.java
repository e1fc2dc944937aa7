package org.civicinsights.batch.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.civicinsights.batch.activation.OutreachChannel;
import org.civicinsights.batch.segments.SegmentDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignDefinitionsTest {
    static final String VALID = """
            name: overdue_case_update
            version: 3
            title: Aggiornamento sulle pratiche in ritardo
            description: apology
            owner: Direzione Servizi al Cittadino
            audience:
              segments: [waiting_on_overdue_case]
              predicate: p.open_cases > 1
            channels: [app_io, email, sms]
            template: overdue_case_apology_v1
            priority: 2
            valid_from: 2026-01-01
            valid_to: "2026-12-31"
            """;

    static String error(String yaml) {
        CampaignDefinitions.Loaded l = CampaignDefinitions.parse("c1", yaml, "f");
        assertThat(l.ok()).as("expected an error for %s", yaml).isFalse();
        return l.error();
    }

    static String minimal(String extra) {
        return "name: c1\nversion: 1\ndescription: d\nowner: o\naudience:\n  predicate: true\nchannels: [sms]\ntemplate: t1\npriority: 1\n"
                + "valid_from: 2026-01-01\n" + extra;
    }

    @Test
    void theDefaultsAllLoad() {
        List<CampaignDefinitions.Loaded> defaults = CampaignDefinitions.load(null);
        assertThat(defaults)
                .extracting(CampaignDefinitions.Loaded::name)
                .containsExactly(
                        "csat_callback",
                        "overdue_case_update",
                        "school_fee_unpaid",
                        "id_card_expiring",
                        "online_service_invitation");
        assertThat(defaults).allSatisfy(l -> assertThat(l.error()).isNull());
        assertThat(defaults).extracting(l -> l.definition().priority()).containsExactly(1, 2, 3, 4, 5);
        assertThat(defaults)
                .allSatisfy(l -> assertThat(l.definition().source()).isEqualTo("jar:campaigns/" + l.name() + ".yaml"));
        // the segments they target exist among the default segments
        List<String> segments = SegmentDefinitions.load(null).stream()
                .map(SegmentDefinitions.Loaded::name)
                .toList();
        assertThat(CampaignDefinitions.checkSegments(defaults, segments)).allMatch(CampaignDefinitions.Loaded::ok);

        CampaignDefinition school = defaults.get(2).definition();
        assertThat(school.channels()).containsExactly(OutreachChannel.APP_IO);
        assertThat(school.predicateFor(LocalDate.parse("2026-11-20")))
                .contains("'SCU-REFEZ'")
                .contains("i.event_date >= DATE '2026-11-02'")
                .doesNotContain("${");
        assertThat(defaults.get(0).definition().channels()).containsExactly(OutreachChannel.CALL);
        assertThat(defaults.get(1).definition().segments()).containsExactly("waiting_on_overdue_case");
        assertThat(defaults.get(1).definition().cooldownDays()).isEqualTo(30);
        assertThat(defaults.get(4).definition().maxAudience()).isEqualTo(50000);
    }

    @Test
    void everyDefaultCampaignHasAnItalianTitleForTheDashboards() {
        // the dashboards show the title (lake.ref.code_labels); without one they would show the name
        assertThat(CampaignDefinitions.load(null))
                .allSatisfy(l -> assertThat(l.definition().title())
                        .as("title of campaign %s", l.name())
                        .isNotBlank()
                        .isNotEqualTo(l.name()));
    }

    @Test
    void aValidDefinition() {
        CampaignDefinitions.Loaded l = CampaignDefinitions.parse("overdue_case_update", VALID, "f.yaml");
        assertThat(l.error()).isNull();
        CampaignDefinition d = l.definition();
        assertThat(d)
                .isEqualTo(new CampaignDefinition(
                        "overdue_case_update",
                        3,
                        "Aggiornamento sulle pratiche in ritardo",
                        "apology",
                        "Direzione Servizi al Cittadino",
                        List.of("waiting_on_overdue_case"),
                        "p.open_cases > 1",
                        List.of(OutreachChannel.APP_IO, OutreachChannel.EMAIL, OutreachChannel.SMS),
                        "overdue_case_apology_v1",
                        2,
                        LocalDate.parse("2026-01-01"),
                        LocalDate.parse("2026-12-31"),
                        30,
                        null,
                        "f.yaml"));
        assertThat(d.activeOn(LocalDate.parse("2025-12-31"))).isFalse();
        assertThat(d.activeOn(LocalDate.parse("2026-01-01"))).isTrue();
        assertThat(d.activeOn(LocalDate.parse("2026-12-31"))).isTrue();
        assertThat(d.activeOn(LocalDate.parse("2027-01-01"))).isFalse();
        assertThat(d.candidate()).isEqualTo(new ContactPolicy.Candidate("overdue_case_update", 2, d.channels(), 30));

        CampaignDefinition open = CampaignDefinitions.parse("c1", minimal("cooldown_days: 0\nmax_audience: 10\n"), "f")
                .definition();
        assertThat(open.validTo()).isNull();
        assertThat(open.activeOn(LocalDate.parse("2099-01-01"))).isTrue();
        assertThat(open.segments()).isEmpty();
        assertThat(open.cooldownDays()).isZero();
        assertThat(open.maxAudience()).isEqualTo(10);
        assertThat(open.title()).isNull();
    }

    @Test
    void brokenDefinitionsSayWhy() {
        assertThat(error("name: c1\n  - : [\n")).startsWith("not valid YAML");
        assertThat(error("- a\n"))
                .isEqualTo(
                        "expected a mapping with [audience, channels, cooldown_days, description, max_audience, name, "
                                + "owner, priority, template, title, valid_from, valid_to, version]");
        assertThat(error(minimal("chanels: [sms]\n")))
                .isEqualTo(
                        "unknown field(s) [chanels]; the fields are [audience, channels, "
                                + "cooldown_days, description, max_audience, name, owner, priority, template, title, valid_from, valid_to, version]");
        assertThat(error(minimal("").replace("version: 1\n", ""))).isEqualTo("missing field 'version'");
        assertThat(error(minimal("").replace("version: 1", "version: two")))
                .isEqualTo("field 'version' must be a whole number, not 'two'");
        assertThat(error(minimal("").replace("version: 1", "version: 0")))
                .isEqualTo("field 'version' must be at least 1, not 0");
        assertThat(error(minimal("").replace("name: c1", "name: c2")))
                .isEqualTo("name 'c2' differs from its file name c1.yaml");
        assertThat(error(minimal("").replace("audience:\n  predicate: true\n", "")))
                .isEqualTo("missing field 'audience'");
        assertThat(error(minimal("").replace("audience:\n  predicate: true\n", "audience: p.x > 1\n")))
                .isEqualTo("field 'audience' must be a mapping with segments and/or predicate");
        assertThat(error(minimal("").replace("  predicate: true\n", "  segment: [a1]\n")))
                .isEqualTo("unknown audience key(s) [segment]; the audience keys are [predicate, segments]");
        assertThat(error(minimal("").replace("  predicate: true\n", "  predicate: ''\n")))
                .isEqualTo("the audience needs segments, a predicate or both");
        assertThat(error(minimal("").replace("  predicate: true\n", "  segments: []\n")))
                .startsWith("audience segments is empty");
        assertThat(error(minimal("").replace("  predicate: true\n", "  segments: [Bad-One]\n")))
                .isEqualTo("audience segment 'Bad-One' is not a segment name");
        assertThat(error(minimal("").replace("  predicate: true\n", "  segments: frequent_callers\n")))
                .isEqualTo("field 'segments' must be a list, e.g. [a, b]");
        assertThat(error(minimal("").replace("predicate: true", "predicate: true; DROP TABLE t")))
                .isEqualTo("the audience predicate must be one SQL boolean expression (no ';')");
        assertThat(error(minimal("").replace("channels: [sms]\n", "")))
                .isEqualTo("missing field 'channels' (a list in order of preference, from [app_io, email, sms, call])");
        assertThat(error(minimal("").replace("[sms]", "[sms, whatsapp]")))
                .isEqualTo("unknown channel 'whatsapp'; the channels are [app_io, email, sms, call]");
        assertThat(error(minimal("").replace("[sms]", "[sms, sms]"))).isEqualTo("channel 'sms' is listed twice");
        assertThat(error(minimal("").replace("template: t1", "template: my template")))
                .startsWith("template 'my template' must be an id");
        assertThat(error(minimal("").replace("priority: 1", "priority: 0")))
                .isEqualTo("field 'priority' must be at least 1, not 0");
        assertThat(error(minimal("").replace("valid_from: 2026-01-01\n", ""))).isEqualTo("missing field 'valid_from'");
        assertThat(error(minimal("").replace("2026-01-01", "2026-02-30")))
                .isEqualTo("field 'valid_from' must be a date (YYYY-MM-DD), not '2026-02-30'");
        assertThat(error(minimal("").replace("2026-01-01", "2026-01-01T10:00:00Z")))
                .isEqualTo("field 'valid_from' must be a date (YYYY-MM-DD), not '2026-01-01T10:00:00Z'");
        assertThat(error(minimal("valid_to: 2025-12-31\n")))
                .isEqualTo("valid_to 2025-12-31 is before valid_from 2026-01-01");
        assertThat(error(minimal("cooldown_days: -1\n"))).isEqualTo("field 'cooldown_days' must be at least 0, not -1");
        assertThat(error(minimal("max_audience: 0\n"))).isEqualTo("field 'max_audience' must be at least 1, not 0");
    }

    @Test
    void unknownSegmentsAreErrors() {
        List<CampaignDefinitions.Loaded> loaded = List.of(
                CampaignDefinitions.parse("overdue_case_update", VALID, "f"),
                CampaignDefinitions.parse("c1", minimal(""), "f"),
                new CampaignDefinitions.Loaded("c2", null, "broken"));
        List<CampaignDefinitions.Loaded> checked =
                CampaignDefinitions.checkSegments(loaded, List.of("frequent_callers", "city_users"));
        assertThat(checked.get(0).error())
                .isEqualTo(
                        "unknown segment(s) [waiting_on_overdue_case] in audience; the segments are [city_users, frequent_callers]");
        assertThat(checked.get(1)).isEqualTo(loaded.get(1));
        assertThat(checked.get(2)).isEqualTo(loaded.get(2));
    }

    @Test
    void aDirectoryReplacesTheDefaults(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("c1.yaml"), minimal(""));
        Files.writeString(dir.resolve("broken.yaml"), "name: broken\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<CampaignDefinitions.Loaded> loaded = CampaignDefinitions.load(dir.toString());
        assertThat(loaded).extracting(CampaignDefinitions.Loaded::name).containsExactly("broken", "c1");
        assertThat(loaded.get(0).error()).isEqualTo("missing field 'version'");
        assertThat(loaded.get(1).ok()).isTrue();
        assertThat(CampaignDefinitions.location(dir.toString()))
                .isEqualTo(dir.toAbsolutePath().normalize().toString());
        assertThatThrownBy(() -> CampaignDefinitions.load(dir.resolve("missing").toString()))
                .hasMessageContaining("campaigns.dir")
                .hasMessageContaining("is not a directory");
    }
}
