package org.civicinsights.common.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.civicinsights.common.event.Channel;
import org.junit.jupiter.api.Test;

class ServiceCatalogueTest {
    static final String HEADER = "service_code;name;area;deadline_days;deadline_kind;channels";

    private final ServiceCatalogue bundled = ServiceCatalogue.bundled();

    @Test
    void bundledCatalogueParses() {
        assertThat(bundled.version()).isEqualTo(1);
        assertThat(bundled.size()).isGreaterThanOrEqualTo(55);
        assertThat(bundled.services()).hasSize(bundled.size());
    }

    @Test
    void codesAreUniqueAndWellFormed() {
        List<String> codes = bundled.services().stream().map(CityService::code).toList();
        assertThat(codes).doesNotHaveDuplicates();
        assertThat(codes).allSatisfy(c -> assertThat(c).matches("[A-Z][A-Z0-9_-]{1,39}"));
    }

    @Test
    void everyServiceIsComplete() {
        assertThat(bundled.services()).allSatisfy(s -> {
            assertThat(s.name()).isNotBlank();
            assertThat(s.area()).isNotBlank().isEqualTo(s.area().toLowerCase());
            assertThat(s.deadlineDays()).isPositive();
            assertThat(s.channels()).isNotEmpty();
        });
    }

    @Test
    void generalInformationIsOnEveryAssistedChannelAndTheChatbot() {
        CityService info = bundled.find("INFO-GEN").orElseThrow();
        assertThat(info.channels())
                .contains(
                        Channel.CONTACT_CENTRE,
                        Channel.FRONT_OFFICE,
                        Channel.EMAIL,
                        Channel.PEC,
                        Channel.SOCIAL,
                        Channel.CHATBOT);
        assertThat(info.availableOnline()).isTrue();
    }

    @Test
    void streetReportsAreOfferedOnTheStreetReportChannels() {
        List<CityService> reports = bundled.services().stream()
                .filter(s -> s.channels().contains(Channel.STREET_REPORT))
                .toList();
        assertThat(reports).hasSizeGreaterThanOrEqualTo(5);
        assertThat(reports)
                .allSatisfy(
                        s -> assertThat(s.channels()).contains(Channel.CONTACT_CENTRE, Channel.PORTAL, Channel.SOCIAL));
        assertThat(bundled.find("SEGN-BUCHE").orElseThrow().workingDays()).isTrue();
    }

    @Test
    void legalDeadlinesOfKnownProcedures() {
        CityService permit = bundled.find("EDIL-PDC").orElseThrow();
        assertThat(permit.deadlineDays()).isEqualTo(60);
        assertThat(permit.workingDays()).isFalse();
        CityService access = bundled.find("EDIL-ACCESSO").orElseThrow();
        assertThat(access.deadlineDays()).isEqualTo(30);
        assertThat(access.workingDays()).isFalse();
    }

    @Test
    void catalogueCoversAllChannelsAndSomeCounterOnlyServices() {
        Set<Channel> used = bundled.services().stream()
                .flatMap(s -> s.channels().stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class)));
        assertThat(used).containsExactlyInAnyOrder(Channel.values());
        assertThat(bundled.services())
                .anySatisfy(s -> assertThat(s.availableOnline()).isFalse());
        assertThat(bundled.find("ANAG-CERT").orElseThrow().availableOnline()).isTrue();
    }

    @Test
    void findUnknownCodeIsEmpty() {
        assertThat(bundled.find("NOPE")).isEmpty();
    }

    @Test
    void parsesASmallCatalogue() {
        ServiceCatalogue c = ServiceCatalogue.parse("""
                # version: 7
                # a comment

                %s
                ANAG-CERT;Certificati anagrafici;anagrafe e stato civile;1;working;portal | app_io|front_office
                EDIL-PDC;Permesso di costruire;edilizia e urbanistica;60;calendar;pec
                """.formatted(HEADER));
        assertThat(c.version()).isEqualTo(7);
        assertThat(c.size()).isEqualTo(2);
        CityService cert = c.find("ANAG-CERT").orElseThrow();
        assertThat(cert)
                .isEqualTo(new CityService(
                        "ANAG-CERT",
                        "Certificati anagrafici",
                        "anagrafe e stato civile",
                        1,
                        true,
                        EnumSet.of(Channel.PORTAL, Channel.APP_IO, Channel.FRONT_OFFICE)));
        assertThat(cert.availableOnline()).isTrue();
        CityService permit = c.find("EDIL-PDC").orElseThrow();
        assertThat(permit.workingDays()).isFalse();
        assertThat(permit.availableOnline()).isFalse();
        assertThat(c.services()).extracting(CityService::code).containsExactly("ANAG-CERT", "EDIL-PDC");
    }

    @Test
    void badChannelNamesTheLine() {
        assertThatThrownBy(() -> ServiceCatalogue.parse(catalogue("X-A;Servizio;area;30;calendar;portal|fax")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 5: unknown channel fax");
    }

    @Test
    void badDeadlineKindNamesTheLine() {
        assertThatThrownBy(() -> ServiceCatalogue.parse(catalogue("X-A;Servizio;area;30;lavorativi;portal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 5: deadline_kind must be working or calendar");
    }

    @Test
    void wrongFieldCountNamesTheLine() {
        assertThatThrownBy(() -> ServiceCatalogue.parse(catalogue("X-A;Servizio;area;30;calendar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 5: expected 6 fields, found 5");
        assertThatThrownBy(() -> ServiceCatalogue.parse(catalogue("X-A;Servizio;area;30;calendar;portal;extra")))
                .hasMessage("line 5: expected 6 fields, found 7");
    }

    @Test
    void nonNumericDeadlineNamesTheLine() {
        assertThatThrownBy(() -> ServiceCatalogue.parse(catalogue("X-A;Servizio;area;trenta;calendar;portal")))
                .hasMessage("line 5: deadline_days is not a number");
    }

    @Test
    void duplicateCodeNamesTheSecondLine() {
        assertThatThrownBy(() -> ServiceCatalogue.parse(
                        catalogue("X-A;Servizio;area;30;calendar;portal\nX-A;Altro;area;10;working;pec")))
                .hasMessage("line 6: duplicate service_code X-A");
    }

    @Test
    void wrongHeaderNamesTheLine() {
        assertThatThrownBy(() -> ServiceCatalogue.parse("# version: 1\ncode;name\nX-A;S;a;1;working;portal\n"))
                .hasMessage("line 2: expected header " + HEADER);
    }

    @Test
    void missingVersionIsRejected() {
        assertThatThrownBy(() -> ServiceCatalogue.parse(HEADER + "\nX-A;Servizio;area;30;calendar;portal\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service catalogue has no '# version: N' line");
    }

    /** Version, a comment, a blank line and the header take lines 1-4: the first service is line 5. */
    private static String catalogue(String services) {
        return "# version: 1\n# test\n\n" + HEADER + "\n" + services + "\n";
    }
}
