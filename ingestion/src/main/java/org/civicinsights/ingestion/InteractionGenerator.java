package org.civicinsights.ingestion;

import java.util.Objects;
import java.util.SplittableRandom;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.ingestion.synthetic.Simulation;

/**
 * Deterministic synthetic generator of Roma Capitale interaction events (contract v1).
 *
 * <p>It simulates residents (valid synthetic fiscal codes, home municipio by population,
 * language, digital propensity) and city users/tourists (anonymous ids) interacting with the city
 * over a period: calls to 060606, visits to municipio counters, e-mails and PEC, chats and social
 * messages, online procedures on the portal and IO, PagoPA payments, IO messages, street reports,
 * knowledge-article views, case lifecycles against the catalogue's legal deadlines and
 * satisfaction surveys. Channel mix drifts towards self-service during the period; volumes follow
 * hours, weekdays and Italian holidays in Rome local time (see
 * {@link org.civicinsights.ingestion.synthetic.ChannelMix},
 * {@link org.civicinsights.ingestion.synthetic.EpisodePlanner} and
 * {@link org.civicinsights.ingestion.synthetic.Simulation} for the models).
 *
 * <p>Output: exactly {@link GeneratorSettings#events()} records, the valid ones in event-time
 * order, mixed with the configured shares of malformed records and duplicates. Same settings,
 * same records, byte for byte: all randomness comes from the seed and no clock is read. Memory
 * stays O(citizens + open cases): events are streamed to the sink as the simulated clock
 * advances.
 */
public final class InteractionGenerator {
    private final ServiceCatalogue catalogue;

    /** With the bundled service catalogue. */
    public InteractionGenerator() {
        this(ServiceCatalogue.bundled());
    }

    public InteractionGenerator(ServiceCatalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    /**
     * Generates the records into {@code sink} (flushed at the end, not closed).
     *
     * @param progress told about every 1 % (at most every 10 000 records); null for none
     */
    public GenerationSummary generate(GeneratorSettings settings, RecordSink sink, ProgressListener progress) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sink, "sink");
        SplittableRandom master = new SplittableRandom(settings.seed());
        SplittableRandom simulationRng = master.split();
        SplittableRandom mixRng = master.split();
        Simulation simulation = new Simulation(
                settings.validCount(),
                settings.citizens(),
                settings.cityUserShare(),
                settings.startDate(),
                settings.days(),
                catalogue,
                simulationRng);
        RecordMixer mixer = new RecordMixer(
                settings, sink, progress == null ? ProgressListener.none() : progress, mixRng, simulation.population());
        simulation.run(mixer);
        sink.flush();
        return mixer.summary();
    }
}
