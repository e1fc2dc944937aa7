package org.civicinsights.ingestion.synthetic;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.privacy.FiscalCode;

/**
 * The synthetic people of a run: residents with fiscal codes and city users/tourists with
 * anonymous ids. Memory is O(citizens).
 *
 * <p>Residents: born 1935-2008 (fewer among the oldest and youngest), 52 % women; birthplace Rome
 * (H501) for most, then other towns of Lazio and Italian cities, and about 13 % abroad (Romania,
 * Philippines, Bangladesh, China, Ukraine, Peru, Egypt, ... as in Rome's foreign resident
 * population), which also drives the preferred language. About 0.5 % of codes are omocodic. The
 * home municipio follows the municipi's populations. Digital propensity falls with age; activity
 * (how often someone contacts the city) is log-normal, so a few residents account for many
 * interactions.
 *
 * <p>City users and tourists: {@code anon-<uuid>} ids, 40 % with a municipio (people living or
 * working in Rome who did not log in), the rest without; languages more varied.
 */
public final class Population {
    private static final String[] LAZIO = {
        "L182", "E263", "M297", "E472", "D810", "M082", "H282", "C773", "L719", "G811", "A323"
    };
    private static final String[] ITALY = {
        "F839", "F205", "L219", "G273", "A662", "D612", "A944", "C351", "H224", "B354", "G482", "A345", "G478", "D086",
        "H703", "D969"
    };
    /** Foreign birthplaces (Agenzia delle Entrate Z-codes), weight and most likely language. */
    private static final String[] ABROAD = {
        "Z129", "Z216", "Z249", "Z210", "Z138", "Z611", "Z336", "Z127", "Z222", "Z209", "Z330", "Z100", "Z605"
    };

    private static final double[] ABROAD_WEIGHT = {30, 10, 10, 6, 6, 5, 5, 3, 4, 3, 3, 3, 2};
    private static final String[] ABROAD_LANGUAGE = {
        "ro", "tl", "bn", "zh", "uk", "es", "ar", "pl", "hi", "si", "ar", "sq", "es"
    };
    private static final String[] VISITOR_LANGUAGE = {
        "it", "en", "es", "fr", "de", "zh", "ro", "ar", "uk", "bn", "tl", "ja"
    };
    private static final double[] VISITOR_WEIGHT = {45, 25, 7, 5, 5, 3, 2, 2, 2, 1, 1, 2};
    private static final WeightedIndex ABROAD_INDEX = new WeightedIndex(ABROAD_WEIGHT);
    private static final WeightedIndex VISITOR_INDEX = new WeightedIndex(VISITOR_WEIGHT);

    private final Actor[] citizens;
    private final Actor[] cityUsers;
    private final WeightedIndex selfService;
    private final WeightedIndex assisted;
    private final WeightedIndex streetReports;

    private Population(Actor[] citizens, double[] activity, Actor[] cityUsers) {
        this.citizens = citizens;
        this.cityUsers = cityUsers;
        double[] self = new double[citizens.length];
        double[] desk = new double[citizens.length];
        double[] street = new double[citizens.length];
        for (int i = 0; i < citizens.length; i++) {
            double p = citizens[i].digitalPropensity();
            self[i] = activity[i] * p;
            desk[i] = activity[i] * (1.1 - p);
            street[i] = activity[i] * (0.3 + p);
        }
        selfService = new WeightedIndex(self);
        assisted = new WeightedIndex(desk);
        streetReports = new WeightedIndex(street);
    }

    /**
     * Generates {@code citizens} residents and as many city users.
     *
     * @param referenceYear year used to compute ages
     */
    public static Population generate(int citizens, int referenceYear, SplittableRandom rng) {
        Actor[] people = new Actor[citizens];
        double[] activity = new double[citizens];
        Set<String> codes = new HashSet<>(citizens * 2); // membership only: iteration order never used
        for (int i = 0; i < citizens; i++) {
            String code;
            Actor a;
            do {
                a = citizen(rng, referenceYear);
                code = a.fiscalCode();
            } while (!codes.add(code));
            people[i] = a;
            activity[i] = Randoms.lognormal(rng, 1.0, 0.8);
        }
        Actor[] visitors = new Actor[Math.max(50, citizens)];
        for (int i = 0; i < visitors.length; i++) {
            String language = VISITOR_LANGUAGE[VISITOR_INDEX.next(rng)];
            int municipio = rng.nextDouble() < 0.4 ? Municipi.sample(rng) : 0;
            double propensity = Randoms.clamp(0.7 + 0.15 * rng.nextGaussian(), 0.05, 0.98);
            visitors[i] = new Actor(null, "anon-" + Randoms.uuid(rng), municipio, language, propensity);
        }
        return new Population(people, activity, visitors);
    }

    private static Actor citizen(SplittableRandom rng, int referenceYear) {
        boolean female = rng.nextDouble() < 0.52;
        int year = birthYear(rng);
        int month = 1 + rng.nextInt(12);
        int day = 1 + rng.nextInt(LocalDate.of(year, month, 1).lengthOfMonth());
        LocalDate birth = LocalDate.of(year, month, day);
        double place = rng.nextDouble();
        String birthplace;
        String language;
        boolean foreign = false;
        if (place < 0.62) {
            birthplace = "H501";
            language = "it";
        } else if (place < 0.72) {
            birthplace = LAZIO[rng.nextInt(LAZIO.length)];
            language = "it";
        } else if (place < 0.87) {
            birthplace = ITALY[rng.nextInt(ITALY.length)];
            language = "it";
        } else {
            int k = ABROAD_INDEX.next(rng);
            birthplace = ABROAD[k];
            language = rng.nextDouble() < 0.55 ? ABROAD_LANGUAGE[k] : "it";
            foreign = true;
        }
        if (!foreign && rng.nextDouble() < 0.02) {
            language = "en";
        }
        String code = SyntheticFiscalCodes.code(
                SyntheticFiscalCodes.triplet(rng), SyntheticFiscalCodes.triplet(rng), birth, female, birthplace);
        if (rng.nextDouble() < 0.005) {
            code = FiscalCode.withOmocodia(code, 1 + rng.nextInt(3));
        }
        int age = referenceYear - year;
        double propensity = Randoms.clamp(
                0.95 - 0.011 * Math.max(0, age - 25) - (foreign ? 0.05 : 0) + 0.12 * rng.nextGaussian(), 0.03, 0.97);
        return new Actor(code, null, Municipi.sample(rng), language, propensity);
    }

    private static int birthYear(SplittableRandom rng) {
        while (true) {
            int year = 1935 + rng.nextInt(2008 - 1935 + 1);
            double keep = year < 1950 ? 0.45 : year > 2000 ? 0.7 : 1.0;
            if (rng.nextDouble() < keep) {
                return year;
            }
        }
    }

    /**
     * A resident likely to use the channel: self-service channels favour digitally inclined
     * residents, counters and phone the others.
     */
    public Actor citizenFor(Channel channel, SplittableRandom rng) {
        WeightedIndex index = switch (channel) {
            case PORTAL, APP_IO, CHATBOT -> selfService;
            case STREET_REPORT -> streetReports;
            default -> assisted;
        };
        return citizens[index.next(rng)];
    }

    public Actor cityUser(SplittableRandom rng) {
        return cityUsers[rng.nextInt(cityUsers.length)];
    }

    public int citizenCount() {
        return citizens.length;
    }

    public Actor citizen(int index) {
        return citizens[index];
    }

    public int cityUserCount() {
        return cityUsers.length;
    }
}
