package org.civicinsights.batch.outreach;

import java.util.Locale;

/**
 * Why a citizen in a campaign's audience is not on its list. {@link ContactPolicy} checks them in
 * this order and records the first that applies (see there for why). Each has its Italian label for
 * the dashboards (lake.ref.code_labels, see CodeLabels).
 */
public enum ExclusionReason {
    /** On the suppression list (do not contact, deceased, moved away): no campaign may contact them. */
    SUPPRESSED("In lista di esclusione"),
    /** None of the campaign's channels has the citizen's consent. */
    NO_CONSENT("Senza consenso"),
    /** The citizen got this campaign less than {@code cooldown_days} days ago. */
    COOLDOWN("Contattato di recente"),
    /** The global frequency cap: the citizen already had the maximum of proactive contacts in the window. */
    CAPPED("Limite di contatti raggiunto"),
    /** The citizen is on a higher-priority campaign's list in this run (one proactive contact per run). */
    TAKEN_BY_HIGHER_PRIORITY("In una campagna prioritaria"),
    /** The campaign's max_audience is reached: new entries beyond it wait for a later run (see ContactPolicy). */
    OVER_CAPACITY("Lista al completo");

    private final String label;

    ExclusionReason(String label) {
        this.label = label;
    }

    /** The Italian label managers read on the dashboards. */
    public String label() {
        return label;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
