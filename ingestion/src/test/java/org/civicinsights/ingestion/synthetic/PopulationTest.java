package org.civicinsights.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.privacy.FiscalCode;
import org.junit.jupiter.api.Test;

class PopulationTest {
    private static final Population POPULATION = Population.generate(20_000, 2026, new SplittableRandom(42));

    @Test
    void syntheticCodesFollowTheRules() {
        assertThat(SyntheticFiscalCodes.code("RSS", "MRA", LocalDate.of(1985, 12, 10), false, "A562"))
                .isEqualTo("RSSMRA85T10A562S");
        assertThat(SyntheticFiscalCodes.code("BNC", "LRA", LocalDate.of(1990, 1, 1), true, "H501"))
                .isEqualTo("BNCLRA90A41H501F");
    }

    @Test
    void everyResidentHasADistinctValidFiscalCodeAndSomeAreOmocodic() {
        Set<String> codes = new HashSet<>();
        int omocodic = 0;
        for (int i = 0; i < POPULATION.citizenCount(); i++) {
            Actor a = POPULATION.citizen(i);
            assertThat(FiscalCode.problem(a.fiscalCode())).as(a.fiscalCode()).isEmpty();
            assertThat(a.anonymousId()).isNull();
            assertThat(a.homeMunicipio()).isBetween(1, 15);
            assertThat(a.language()).matches("[a-z]{2,3}");
            assertThat(a.digitalPropensity()).isBetween(0.0, 1.0);
            codes.add(a.fiscalCode());
            if (!FiscalCode.withoutOmocodia(a.fiscalCode()).equals(a.fiscalCode())) {
                omocodic++;
            }
        }
        assertThat(codes).hasSize(20_000);
        assertThat(omocodic).isBetween(40, 200);
    }

    @Test
    void homeMunicipiFollowThePopulationAndMostSpeakItalian() {
        Map<Integer, Integer> perMunicipio = new HashMap<>();
        Map<String, Integer> languages = new HashMap<>();
        int romeBorn = 0;
        for (int i = 0; i < POPULATION.citizenCount(); i++) {
            Actor a = POPULATION.citizen(i);
            perMunicipio.merge(a.homeMunicipio(), 1, Integer::sum);
            languages.merge(a.language(), 1, Integer::sum);
            if (a.fiscalCode().substring(11, 15).equals("H501")) {
                romeBorn++;
            }
        }
        for (int m = 1; m <= 15; m++) {
            assertThat(perMunicipio.get(m) / 20_000.0).as("municipio " + m).isCloseTo(Municipi.share(m), within(0.008));
        }
        assertThat(languages.get("it") / 20_000.0).isBetween(0.85, 0.97);
        assertThat(languages).containsKeys("ro", "bn", "tl", "zh", "uk", "es", "ar", "en");
        assertThat(romeBorn / 20_000.0).isBetween(0.55, 0.70);
    }

    @Test
    void cityUsersAreAnonymousWithVariedLanguages() {
        SplittableRandom rng = new SplittableRandom(1);
        Set<String> languages = new HashSet<>();
        int withoutMunicipio = 0;
        for (int i = 0; i < 2_000; i++) {
            Actor a = POPULATION.cityUser(rng);
            assertThat(a.authenticated()).isFalse();
            assertThat(a.anonymousId())
                    .matches("anon-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            languages.add(a.language());
            if (a.municipioOrNull() == null) {
                withoutMunicipio++;
            }
        }
        assertThat(languages).hasSizeGreaterThan(8);
        assertThat(withoutMunicipio).isBetween(1_000, 1_400);
    }

    @Test
    void digitalResidentsUseSelfServiceMore() {
        SplittableRandom rng = new SplittableRandom(5);
        double self = 0;
        double desk = 0;
        for (int i = 0; i < 5_000; i++) {
            self += POPULATION.citizenFor(Channel.APP_IO, rng).digitalPropensity();
            desk += POPULATION.citizenFor(Channel.FRONT_OFFICE, rng).digitalPropensity();
        }
        assertThat(self / 5_000).isGreaterThan(desk / 5_000 + 0.1);
    }

    @Test
    void theSameSeedGivesTheSamePeople() {
        Population again = Population.generate(20_000, 2026, new SplittableRandom(42));
        for (int i = 0; i < 20_000; i += 997) {
            assertThat(again.citizen(i)).isEqualTo(POPULATION.citizen(i));
        }
    }
}
