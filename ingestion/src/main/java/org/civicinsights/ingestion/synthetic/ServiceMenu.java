package org.civicinsights.ingestion.synthetic;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.civicinsights.common.catalogue.CityService;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.Channel;

/**
 * Picks the service an interaction is about, only among the services the catalogue offers on the
 * interaction's channel, weighted by how popular the service is (certificates, ID cards, fines,
 * waste and pothole reports, PagoPA notices and general information lead) and, for city users and
 * tourists, by how relevant its area is to them (information, culture, mobility, fines).
 *
 * <p>Also knows what a payment for a service typically costs (fixed fees such as the CIE, fines,
 * log-normal amounts for taxes and tariffs). Services not listed here count 1 and are not paid.
 */
public final class ServiceMenu {

    /** What the service is needed for. */
    public enum Need {
        /** Anything offered on the channel. */
        ANY,
        /** Becomes a case: its deadline is more than a day (not served on the spot). */
        CASE,
        /** Something citizens pay for. */
        PAYMENT,
        /** A street report (offered on the street-report app). */
        STREET_REPORT
    }

    private static final Map<String, Double> POPULARITY = Map.ofEntries(
            Map.entry("ANAG-CERT", 10.0),
            Map.entry("ANAG-RES", 4.0),
            Map.entry("STCIV-CERT", 2.0),
            Map.entry("CIE-RIL", 8.0),
            Map.entry("CIE-DUPL", 2.0),
            Map.entry("TARI-ISCR", 3.0),
            Map.entry("TARI-VAR", 3.0),
            Map.entry("IMU-DICH", 2.5),
            Map.entry("TRIB-AUTOT", 1.5),
            Map.entry("SCU-NIDO", 2.0),
            Map.entry("SCU-INF", 1.5),
            Map.entry("SCU-REFEZ", 2.0),
            Map.entry("ZTL-PERM", 2.5),
            Map.entry("MOB-STRISCE", 2.0),
            Map.entry("MOB-TPL", 1.5),
            Map.entry("SOC-PUA", 1.5),
            Map.entry("PL-VERB", 6.0),
            Map.entry("PL-RICORSO", 2.0),
            Map.entry("PL-RIMOZ", 1.5),
            Map.entry("AMA-INGOMB", 4.0),
            Map.entry("SEGN-BUCHE", 6.0),
            Map.entry("SEGN-RIFIUTI", 8.0),
            Map.entry("SEGN-DECORO", 2.0),
            Map.entry("SEGN-ILLUM", 3.0),
            Map.entry("SEGN-VERDE", 2.5),
            Map.entry("SEGN-ALBERI", 1.5),
            Map.entry("SEGN-SEGNAL", 1.5),
            Map.entry("INFO-GEN", 10.0),
            Map.entry("INFO-URP", 3.0),
            Map.entry("PAG-PAGOPA", 8.0),
            Map.entry("PAG-RICEV", 2.0),
            Map.entry("BIB-ISCR", 1.5),
            Map.entry("CULT-MIC", 1.5),
            Map.entry("EDIL-CILA", 1.5),
            Map.entry("EDIL-ACCESSO", 1.5),
            Map.entry("ELET-TESS", 1.2),
            Map.entry("CASA-ERP", 1.2));

    private static final Map<String, Double> VISITOR_AREA = Map.of(
            "informazioni generali",
            5.0,
            "cultura e biblioteche",
            4.0,
            "mobilita",
            2.5,
            "polizia locale",
            2.5,
            "segnalazioni stradali",
            1.5,
            "pagamenti",
            0.5);
    private static final double VISITOR_OTHER_AREA = 0.15;

    /** Median and sigma (log-normal) of the amount paid, in euro. */
    private static final Map<String, double[]> AMOUNT = Map.ofEntries(
            Map.entry("TARI-ISCR", new double[] {230, 0.6}),
            Map.entry("TARI-VAR", new double[] {180, 0.6}),
            Map.entry("IMU-DICH", new double[] {520, 0.8}),
            Map.entry("SCU-RETTE", new double[] {140, 0.5}),
            Map.entry("SCU-REFEZ", new double[] {75, 0.5}),
            Map.entry("SCU-TRASP", new double[] {60, 0.4}),
            Map.entry("ZTL-PERM", new double[] {90, 0.5}),
            Map.entry("MOB-PASSO", new double[] {110, 0.5}),
            Map.entry("MOB-STRISCE", new double[] {35, 0.3}),
            Map.entry("MOB-TPL", new double[] {150, 0.4}),
            Map.entry("CUP-OSP", new double[] {350, 0.9}),
            Map.entry("SUAP-DEHOR", new double[] {800, 0.8}),
            Map.entry("SUAP-SCIA", new double[] {200, 0.5}),
            Map.entry("EDIL-CILA", new double[] {100, 0.3}),
            Map.entry("EDIL-SCIA", new double[] {150, 0.4}),
            Map.entry("EDIL-PDC", new double[] {600, 0.9}),
            Map.entry("EDIL-CONDONO", new double[] {900, 1.0}),
            Map.entry("URB-CDU", new double[] {80, 0.3}),
            Map.entry("PAG-PAGOPA", new double[] {65, 1.0}),
            Map.entry("CIM-CONC", new double[] {1500, 0.6}),
            Map.entry("SPORT-CORSI", new double[] {120, 0.5}),
            Map.entry("PL-INCID", new double[] {40, 0.2}),
            Map.entry("CIE-RIL", new double[] {22.21, 0}),
            Map.entry("CIE-DUPL", new double[] {27.37, 0}),
            Map.entry("CULT-MIC", new double[] {5, 0}),
            Map.entry("ANAG-CERT", new double[] {16.52, 0}),
            Map.entry("PL-VERB", new double[] {42, 0}));
    /** Fines under the Highway Code: reduced (within 5 days), base, and the common heavier ones. */
    private static final double[] FINES = {29.40, 42.00, 42.00, 61.10, 87.00, 173.00};

    private static final Need[] NEEDS = Need.values();
    private static final Channel[] CHANNELS = Channel.values();

    /** [need][0 resident, 1 visitor][channel]. */
    private final Picker[][][] pickers = new Picker[NEEDS.length][2][CHANNELS.length];

    public ServiceMenu(ServiceCatalogue catalogue) {
        List<CityService> all = catalogue.services(); // file order: deterministic
        for (Need need : NEEDS) {
            for (int v = 0; v < 2; v++) {
                for (Channel channel : CHANNELS) {
                    List<CityService> offered = new ArrayList<>();
                    for (CityService s : all) {
                        if (s.channels().contains(channel) && fits(s, need)) {
                            offered.add(s);
                        }
                    }
                    pickers[need.ordinal()][v][channel.ordinal()] = new Picker(offered, v == 1);
                }
            }
        }
    }

    private boolean fits(CityService s, Need need) {
        return switch (need) {
            case ANY -> true;
            case CASE -> !instant(s);
            case PAYMENT -> payable(s);
            case STREET_REPORT -> streetReport(s);
        };
    }

    /** A service offered on the channel that fits the need, or null if there is none. */
    public CityService pick(Channel channel, boolean visitor, Need need, SplittableRandom rng) {
        return pickers[need.ordinal()][visitor ? 1 : 0][channel.ordinal()].pick(rng);
    }

    /** True if the channel offers at least one service for the need. */
    public boolean offers(Channel channel, Need need) {
        return !pickers[need.ordinal()][0][channel.ordinal()].index.isEmpty();
    }

    /** Served on the spot or the next day (deadline of one working day): no case is opened. */
    public static boolean instant(CityService s) {
        return s.deadlineDays() <= 1 && s.workingDays();
    }

    public static boolean streetReport(CityService s) {
        return s.channels().contains(Channel.STREET_REPORT);
    }

    public static boolean payable(CityService s) {
        return AMOUNT.containsKey(s.code());
    }

    /** What a citizen pays for the service, rounded to the cent; throws if not payable. */
    public static BigDecimal amount(CityService s, SplittableRandom rng) {
        double[] model = AMOUNT.get(s.code());
        if (model == null) {
            throw new IllegalArgumentException("service " + s.code() + " is not paid for");
        }
        double value;
        if (s.code().equals("PL-VERB")) {
            value = FINES[rng.nextInt(FINES.length)] + (rng.nextDouble() < 0.7 ? 13.60 : 0); // notification costs
        } else if (s.code().equals("ANAG-CERT")) {
            value = rng.nextDouble() < 0.7 ? 16.52 : 0.52; // with or without revenue stamp
        } else if (model[1] == 0) {
            value = model[0];
        } else {
            value = Math.max(1, Randoms.lognormal(rng, model[0], model[1]));
        }
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }

    static double popularity(CityService s, boolean visitor) {
        double w = POPULARITY.getOrDefault(s.code(), 1.0);
        if (visitor) {
            w *= VISITOR_AREA.getOrDefault(s.area(), VISITOR_OTHER_AREA);
        }
        return w;
    }

    private static final class Picker {
        private final CityService[] services;
        private final WeightedIndex index;

        Picker(List<CityService> services, boolean visitor) {
            this.services = services.toArray(new CityService[0]);
            double[] w = new double[this.services.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = popularity(this.services[i], visitor);
            }
            this.index = new WeightedIndex(w);
        }

        CityService pick(SplittableRandom rng) {
            return index.isEmpty() ? null : services[index.next(rng)];
        }
    }
}
