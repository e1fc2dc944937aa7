package org.civicinsights.ingestion.synthetic;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.ingestion.synthetic.RomeCalendar.DayKind;

/**
 * Produces exactly {@code validEvents} valid interaction events over the period, in event-time
 * order, streaming: only open episodes (mostly open cases) are held in memory, besides the
 * population.
 *
 * <p>The period is cut into one-minute slots (Rome local time, so 23- and 25-hour days are
 * right). Each slot has a weight: the sum over channels of {@link ChannelMix} intensities for
 * residents and city users, times a random factor per day (about 8 %) and per hour (about 12 %).
 * The cumulative weight sets how many events should have been emitted by the end of each slot;
 * the slot first takes the follow-up events of earlier episodes that fall in it (call surveys,
 * case steps, payments, ...) and then starts new episodes until the target is reached, so the
 * volume follows the seasonality exactly and the total is exact. An episode is planned whole
 * when it starts; its events at or after the end of the period are dropped (cases stay open),
 * and the last episode is cut to what is left of the budget.
 *
 * <p>No case is open when the period starts (none was opened before it), so in the first days
 * follow-up events are fewer and new interactions correspondingly more; the share of case
 * follow-ups settles within two or three weeks.
 *
 * <p>Whether a new episode comes from a city user is drawn so that their share of events tends
 * to {@code cityUserShare}, correcting for the different number of events per episode.
 */
public final class Simulation {
    private static final long SLOT = 60;
    private static final double PRIOR = 20;
    private static final Channel[] CHANNELS = Channel.values();

    private final long validEvents;
    private final double cityUserShare;
    private final LocalDate startDate;
    private final int days;
    private final Population population;
    private final EpisodePlanner planner;
    private final SplittableRandom pickRng;
    private final SplittableRandom idRng;
    private final double[] dayNoise;
    private final double[] hourNoise;

    private long visitorEpisodes;
    private long visitorEvents;
    private long residentEpisodes;
    private long residentEvents;

    /**
     * @param rng source of all randomness of the simulation (split here in a fixed order)
     */
    public Simulation(
            long validEvents,
            int citizens,
            double cityUserShare,
            LocalDate startDate,
            int days,
            ServiceCatalogue catalogue,
            SplittableRandom rng) {
        if (validEvents < 1) {
            throw new IllegalArgumentException("validEvents must be >= 1");
        }
        this.validEvents = validEvents;
        this.cityUserShare = cityUserShare;
        this.startDate = startDate;
        this.days = days;
        SplittableRandom populationRng = rng.split();
        SplittableRandom noiseRng = rng.split();
        SplittableRandom planRng = rng.split();
        this.pickRng = rng.split();
        this.idRng = rng.split();
        this.population = Population.generate(citizens, startDate.getYear(), populationRng);
        this.planner = new EpisodePlanner(new ServiceMenu(catalogue), planRng, startDate);
        this.dayNoise = new double[days];
        this.hourNoise = new double[days * 24];
        for (int d = 0; d < days; d++) {
            dayNoise[d] = Math.exp(0.08 * noiseRng.nextGaussian());
            for (int h = 0; h < 24; h++) {
                hourNoise[d * 24 + h] = Math.exp(0.12 * noiseRng.nextGaussian());
            }
        }
    }

    public Population population() {
        return population;
    }

    public long periodStart() {
        return startDate.atStartOfDay(RomeTime.ZONE).toEpochSecond();
    }

    public long periodEnd() {
        return startDate.plusDays(days).atStartOfDay(RomeTime.ZONE).toEpochSecond();
    }

    /** Emits the events, each with a fresh event_id and its Rome-offset event_time, in time order. */
    public void run(Consumer<InteractionEvent> out) {
        double[] resident = new double[CHANNELS.length];
        double[] visitor = new double[CHANNELS.length];
        double total = 0;
        for (int d = 0; d < days; d++) {
            LocalDate date = startDate.plusDays(d);
            long dayStart = date.atStartOfDay(RomeTime.ZONE).toEpochSecond();
            long dayEnd = RomeCalendar.endOfDay(date);
            for (long t = dayStart; t < dayEnd; t += SLOT) {
                total += slotWeight(d, date, dayStart, dayEnd, t, resident, visitor);
            }
        }

        long periodEnd = periodEnd();
        ZoneRules rules = RomeTime.ZONE.getRules();
        PriorityQueue<Episode> open = new PriorityQueue<>();
        List<Due> slot = new ArrayList<>();
        Comparator<Due> order = Comparator.comparingLong(Due::time).thenComparingLong(Due::order);
        long[] counter = new long[1]; // order of planned events, ties broken by it
        long emitted = 0;
        long committed = 0;
        long episodes = 0;
        double cumulative = 0;
        for (int d = 0; d < days; d++) {
            LocalDate date = startDate.plusDays(d);
            DayKind kind = RomeCalendar.dayKind(date);
            long dayStart = date.atStartOfDay(RomeTime.ZONE).toEpochSecond();
            long dayEnd = RomeCalendar.endOfDay(date);
            for (long t = dayStart; t < dayEnd; t += SLOT) {
                long slotEnd = t + SLOT;
                cumulative += slotWeight(d, date, dayStart, dayEnd, t, resident, visitor);
                long target = slotEnd >= periodEnd
                        ? validEvents
                        : Math.min(validEvents, Math.round(validEvents * (cumulative / total)));
                slot.clear();
                while (!open.isEmpty() && open.peek().nextTime() < slotEnd) {
                    takeDue(open.poll(), slotEnd, slot, open, counter);
                }
                int minute = minuteOfDay(dayStart, dayEnd, t);
                while (emitted + slot.size() < target && committed < validEvents) {
                    long start = t + pickRng.nextInt((int) SLOT);
                    boolean fromVisitor = pickRng.nextDouble() < visitorProbability();
                    Channel channel = CHANNELS[pick(fromVisitor ? visitor : resident)];
                    Actor actor = fromVisitor ? population.cityUser(pickRng) : population.citizenFor(channel, pickRng);
                    Episode episode =
                            planner.plan(actor, channel, start, kind, minute).build(episodes++);
                    int kept = episode.truncate(periodEnd, validEvents - committed);
                    committed += kept;
                    if (fromVisitor) {
                        visitorEpisodes++;
                        visitorEvents += kept;
                    } else {
                        residentEpisodes++;
                        residentEvents += kept;
                    }
                    takeDue(episode, slotEnd, slot, open, counter);
                }
                if (slot.isEmpty()) {
                    continue;
                }
                slot.sort(order);
                ZoneOffset offset = rules.getOffset(Instant.ofEpochSecond(t)); // offsets change on the hour
                for (Due due : slot) {
                    InteractionEvent e = due.event();
                    e.eventId = Randoms.uuid(idRng);
                    e.eventTime = OffsetDateTime.of(LocalDateTime.ofEpochSecond(due.time(), 0, offset), offset);
                    out.accept(e);
                    emitted++;
                }
            }
        }
        if (emitted != validEvents || !open.isEmpty()) {
            throw new IllegalStateException("simulation emitted " + emitted + " events instead of " + validEvents);
        }
    }

    private record Due(long time, long order, InteractionEvent event) {}

    private static void takeDue(
            Episode episode, long slotEnd, List<Due> slot, PriorityQueue<Episode> open, long[] counter) {
        while (episode.hasNext() && episode.nextTime() < slotEnd) {
            long time = episode.nextTime();
            slot.add(new Due(time, counter[0]++, episode.take()));
        }
        if (episode.hasNext()) {
            open.add(episode);
        }
    }

    /** Probability that a new episode is a city user's, so that their share of events tends to the target. */
    private double visitorProbability() {
        if (cityUserShare <= 0) {
            return 0;
        }
        double perVisitorEpisode = (visitorEvents + 1.3 * PRIOR) / (visitorEpisodes + PRIOR);
        double perResidentEpisode = (residentEvents + 2.0 * PRIOR) / (residentEpisodes + PRIOR);
        double s = cityUserShare * perResidentEpisode;
        return s / (s + (1 - cityUserShare) * perVisitorEpisode);
    }

    private int pick(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double u = pickRng.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0 && weights[i] > 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) { // rounding: last channel with a weight
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalStateException("no channel is active");
    }

    /** Fills the per-channel intensities of the slot and returns its volume weight. */
    private double slotWeight(
            int d, LocalDate date, long dayStart, long dayEnd, long t, double[] resident, double[] visitor) {
        DayKind kind = RomeCalendar.dayKind(date);
        double progress = days == 1 ? 0 : d / (days - 1.0);
        int minute = minuteOfDay(dayStart, dayEnd, t);
        double sumResident = 0;
        double sumVisitor = 0;
        for (Channel c : CHANNELS) {
            resident[c.ordinal()] = ChannelMix.intensity(c, false, progress, kind, minute);
            visitor[c.ordinal()] = ChannelMix.intensity(c, true, progress, kind, minute);
            sumResident += resident[c.ordinal()];
            sumVisitor += visitor[c.ordinal()];
        }
        double mix = (1 - cityUserShare) * sumResident + cityUserShare * sumVisitor;
        return mix * dayNoise[d] * hourNoise[d * 24 + minute / 60];
    }

    private static int minuteOfDay(long dayStart, long dayEnd, long t) {
        if (dayEnd - dayStart == 86_400) {
            return (int) ((t - dayStart) / 60);
        }
        return RomeCalendar.local(t).toLocalTime().toSecondOfDay() / 60; // daylight-saving change day
    }
}
