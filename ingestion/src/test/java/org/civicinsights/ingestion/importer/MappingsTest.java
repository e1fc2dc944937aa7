package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingsTest {
    static final ServiceCatalogue CATALOGUE = ServiceCatalogue.bundled();

    /** A valid minimal mapping; tests replace one line to break it. */
    static final String MINIMAL = """
            name: test
            format:
              type: csv
            time:
              zone: Europe/Rome
              patterns: ["yyyy-MM-dd HH:mm"]
            record_id: id
            case:
              opened: opened
              closed: closed
              status:
                column: status
                open: [open]
                closed: [closed]
            channel: portal
            service:
              column: category
              values:
                Potholes: SEGN-BUCHE
              default: INFO-URP
            identity:
              anonymous_id: "test-{id}"
            """;

    static Mapping parse(String yaml) {
        return Mappings.parse(yaml, "fallback-name", "test.yaml", CATALOGUE);
    }

    static void assertFails(String yaml, String... messageParts) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(MappingException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void theBundledMappingsAreListedAndAllLoad() {
        assertThat(Mappings.bundledNames()).containsExactly("alessandria", "sf311", "nyc311", "acd-sample");
        for (String name : Mappings.bundledNames()) {
            Mapping m = Mappings.load(name);
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.origin()).isEqualTo("classpath:importer/mappings/" + name + ".yaml");
            assertThat(m.description()).isNotBlank();
        }
    }

    @Test
    void theBundledMappingsSayWhatTheBriefAsks() {
        Mapping a = Mappings.load("alessandria");
        assertThat(a.format().delimiter()).isEqualTo(';');
        assertThat(a.time().zone()).isEqualTo(RomeTime.ZONE);
        assertThat(a.time().dateOnlyTime()).isEqualTo(LocalTime.NOON);
        assertThat(a.cases().status().categorise("Annullata")).isEqualTo(Mapping.StatusCategory.CANCELLED);
        assertThat(a.cases().status().categorise(" in carico ")).isEqualTo(Mapping.StatusCategory.IN_PROGRESS);
        assertThat(a.cases().status().categorise("sconosciuta")).isNull();
        assertThat(a.municipio()).isNull();
        assertThat(Mappings.load("sf311").time().zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(Mappings.load("nyc311").time().zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(Mappings.load("nyc311").columns())
                .contains(
                        "unique_key",
                        "created_date",
                        "closed_date",
                        "resolution_action_updated_date",
                        "status",
                        "open_data_channel_type",
                        "complaint_type",
                        "latitude",
                        "longitude");
        assertThat(Mappings.load("sf311").channel().map("Voice In")).isEqualTo(Channel.CONTACT_CENTRE);
        assertThat(Mappings.load("sf311").channel().fallback()).isEqualTo(Channel.CONTACT_CENTRE);
        // every service code of every bundled mapping is in the catalogue
        for (String name : Mappings.bundledNames()) {
            Lookup<String> s = Mappings.load(name).service();
            assertThat(CATALOGUE.find(s.fallback())).as(name + " default").isPresent();
            s.entries()
                    .forEach(e -> assertThat(CATALOGUE.find(e.getValue()))
                            .as(name + " " + e.getKey())
                            .isPresent());
        }
    }

    @Test
    void aNameThatIsNoBundledMappingIsAFilePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-city.yaml");
        Files.writeString(file, MINIMAL.replace("name: test\n", ""));
        Mapping m = Mappings.load(file.toString());
        assertThat(m.name()).isEqualTo("my-city");
        assertThat(m.origin()).isEqualTo(file.toString());
        assertThatThrownBy(() -> Mappings.load("rome311"))
                .isInstanceOf(MappingException.class)
                .hasMessage("unknown mapping 'rome311': not a bundled mapping (alessandria, sf311, nyc311, acd-sample)"
                        + " nor an existing file");
        assertThatThrownBy(() -> Mappings.load(dir.toString()))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("unknown mapping");
    }

    @Test
    void aServiceCodeMissingFromTheCatalogueFailsTheLoad() {
        assertFails(
                MINIMAL.replace("Potholes: SEGN-BUCHE", "Potholes: SEGN-BUCH"),
                "mapping test.yaml: service.values.Potholes: 'SEGN-BUCH' is not a service code of the catalogue",
                "similar codes: SEGN-BUCHE, SEGN-RIFIUTI");
        assertFails(
                MINIMAL.replace("default: INFO-URP", "default: INFO-XYZ"),
                "service.default: 'INFO-XYZ' is not a service code of the catalogue (catalogue version 1; similar codes: INFO-GEN");
    }

    @Test
    void unknownKeysAreTyposNotIgnored() {
        assertFails(MINIMAL.replace("format:", "formt:"), "mapping test.yaml: formt: unknown key; expected one of");
        assertFails(MINIMAL.replace("  type: csv", "  type: csv\n  delimter: ';'"), "format.delimter: unknown key");
        assertFails(MINIMAL.replace("  default: INFO-URP", "  defualt: INFO-URP"), "service.defualt: unknown key");
        assertFails(MINIMAL.replace("    open: [open]", "    opn: [open]"), "case.status.opn: unknown key");
    }

    @Test
    void badValuesAreReportedWithTheirKey() {
        assertFails(
                MINIMAL.replace("channel: portal", "channel: telephone"),
                "channel: 'telephone' is not a channel of contract v1 (contact_centre, portal");
        assertFails(MINIMAL.replace("zone: Europe/Rome", "zone: Rome"), "time.zone: 'Rome' is not a time zone id");
        assertFails(
                MINIMAL.replace("\"yyyy-MM-dd HH:mm\"", "\"HH:mm\""),
                "time.patterns: 'HH:mm' cannot read a date it writes");
        assertFails(
                MINIMAL.replace("\"yyyy-MM-dd HH:mm\"", "\"yyyy-MM-ddTHH:mm\""),
                "time.patterns: 'yyyy-MM-ddTHH:mm' is not a valid pattern");
        assertFails(
                MINIMAL.replace("  type: csv", "  type: xlsx"),
                "format.type: 'xlsx' is not a format; expected csv or open311-json");
        assertFails(
                MINIMAL.replace("  type: csv", "  type: csv\n  delimiter: ';;'"),
                "format.delimiter: expected one character");
        assertFails(MINIMAL.replace("name: test", "name: San Francisco"), "name: 'San Francisco' must be lower-case");
        assertFails(MINIMAL.replace("record_id: id\n", ""), "record_id: is required");
        assertFails(
                MINIMAL.replace("anonymous_id: \"test-{id}\"", "anonymous_id: \"test-{ID}\""),
                "identity.anonymous_id: unknown placeholder {ID}");
        assertFails(
                MINIMAL.replace("anonymous_id: \"test-{id}\"", "anonymous_id: \"everyone\""),
                "identity.anonymous_id: template 'everyone' has no placeholder");
        assertFails(
                MINIMAL.replace("    closed: [closed]", "    closed: [closed, OPEN]"),
                "case.status.closed: status 'OPEN' is already listed under open");
        assertFails(
                MINIMAL.replace("  closed: closed\n", ""), "case.closed: is required when some status means closed");
        assertFails(
                MINIMAL.replace("    Potholes: SEGN-BUCHE", "    Potholes: SEGN-BUCHE\n    POTHOLES: SEGN-BUCHE"),
                "service.values.POTHOLES: repeats 'Potholes'");
        assertFails(MINIMAL.replace("  column: category\n", ""), "service.values: need a column to look up");
        assertFails(
                MINIMAL.replace("channel: portal", "channel:\n  values:\n    Web: portal"),
                "mapping test.yaml: channel: without a column a default is required");
        assertFails(MINIMAL + "municipio: 16\n", "municipio: '16' is not a municipio of Rome, 1 to 15");
        assertFails(MINIMAL + "location:\n  lat: y\n", "location.lon: lat and lon go together");
        assertFails(MINIMAL.replace("name: test", "name: test\nkind: calls"), "call: is required for kind calls");
        assertFails("format: [csv", "mapping test.yaml: not valid YAML");
        assertFails("- a\n- b\n", "expected a YAML mapping of keys");
        assertFails(MINIMAL + "name: again\n", "not valid YAML", "duplicate key name");
    }

    @Test
    void yamlScalarsStayText() {
        Mapping m = parse(MINIMAL.replace("channel: portal", """
                channel:
                  column: source
                  values:
                    no: contact_centre
                    on: portal
                    010: app_io
                  default: email""")
                .replace("  type: csv", "  type: csv\n  header: yes\n  delimiter: tab"));
        assertThat(m.channel().map("NO")).isEqualTo(Channel.CONTACT_CENTRE);
        assertThat(m.channel().map("on")).isEqualTo(Channel.PORTAL);
        assertThat(m.channel().map("010")).isEqualTo(Channel.APP_IO);
        assertThat(m.channel().map("10")).isNull();
        assertThat(m.format().delimiter()).isEqualTo('\t');
        assertThat(m.format().header()).isTrue();
    }

    @Test
    void lookupsMatchIgnoringCaseAndByPrefixInFileOrder() {
        Mapping m = parse(MINIMAL.replace("channel: portal", """
                channel:
                  column: source
                  match: prefix
                  values:
                    Web Self: portal
                    Web: email
                  default: contact_centre"""));
        assertThat(m.channel().map("web self service")).isEqualTo(Channel.PORTAL);
        assertThat(m.channel().map(" WEB form ")).isEqualTo(Channel.EMAIL);
        assertThat(m.channel().map("Voice")).isNull(); // -> the default when resolving a record
        assertThat(m.channel().prefix()).isTrue();
        Mapping passThrough = parse(MINIMAL.replace("  values:\n    Potholes: SEGN-BUCHE\n", ""));
        assertThat(passThrough.service().map("SEGN-VERDE")).isEqualTo("SEGN-VERDE");
        assertThat(passThrough.service().map("Potholes")).isNull();
    }

    @Test
    void theFiscalCodeColumnIsRedacted() {
        Mapping m = parse(MINIMAL.replace(
                        "anonymous_id: \"test-{id}\"", "anonymous_id: \"test-{id}\"\n  fiscal_code: codice_fiscale")
                + "redact: [notes]\n");
        assertThat(m.identity().fiscalCode()).isEqualTo("codice_fiscale");
        assertThat(m.redact()).containsExactly("notes", "codice_fiscale");
    }

    @Test
    void hashedIdentityColumnsAreRedacted() {
        Mapping m = parse(MINIMAL.replace(
                        "anonymous_id: \"test-{id}\"",
                        "anonymous_id: [\"tel-{phone_sha256:phone}\", \"mail-{sha256:email}\", \"test-{id}\"]")
                + "redact: [notes]\n");
        assertThat(m.redact()).containsExactly("notes", "phone", "email");
        assertThat(m.identity().anonymousId())
                .extracting(Object::toString)
                .containsExactly("tel-{phone_sha256:phone}", "mail-{sha256:email}", "test-{id}");
        assertThat(List.copyOf(m.columns())).contains("phone", "email", "id", "opened", "closed", "status", "category");
    }
}
