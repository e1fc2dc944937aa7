package org.civicinsights.batch.contacts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.common.calendar.RomeTime;

/**
 * Repeat contacts and first-contact resolution (FCR), and which Rome days a run must recompute.
 *
 * <p>An <b>identified</b> contact has a {@code citizen_key} and a {@code service_code} and was not
 * abandoned ({@code outcome = 'abandoned'}); only identified contacts count, and only those of the
 * same citizen on the same service (on any channel) see each other. The window is exactly
 * {@link #WINDOW} = 7 x 24 hours of event time, both ends measured from the contact's
 * {@code event_time}, whatever the clock change in between:
 * <ul>
 *   <li>a contact is a <b>repeat</b> when another identified contact of the same citizen and
 *   service came before it, at most 7 x 24 h earlier ({@code previous >= t - 168 h});</li>
 *   <li>a contact is <b>resolved at first contact</b> when no identified contact of the same
 *   citizen and service follows it within the next 7 x 24 h ({@code next <= t + 168 h}): one
 *   exactly 168 h later still makes it unresolved, one 168 h and 1 s later does not.</li>
 * </ul>
 * Contacts at the same instant are ordered by event id (the second is a repeat of the first).
 *
 * <p>The as-of rule: a run for day D never sees an event after the end of D (Rome), so the
 * look-ahead of the contacts of the last days before D is cut short and their FCR is provisional
 * ({@link #fcrFinal}). A contact on day X changes the FCR of the contacts of the 168 h before it
 * and the repeat flag of those of the 168 h after it, hence {@link #resolutionDays}.
 */
public final class ContactWindow {
    public static final Duration WINDOW = Duration.ofHours(7 * 24);
    public static final String ABANDONED = "abandoned";

    /** The repeat/FCR decision for one contact; both false when the contact is not identified. */
    public record Verdict(ContactEvent contact, boolean identified, boolean repeat, boolean firstContactResolved) {}

    /** A half-open interval of event time [from, to) to read. */
    public record Range(Instant from, Instant to) {}

    private static final Comparator<ContactEvent> ORDER = Comparator.comparing(ContactEvent::eventTime)
            .thenComparing(ContactEvent::eventId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private ContactWindow() {}

    public static boolean abandoned(ContactEvent c) {
        return ABANDONED.equals(c.outcome());
    }

    public static boolean identified(ContactEvent c) {
        return c.citizenKey() != null && c.serviceCode() != null && !abandoned(c);
    }

    /**
     * Decides repeat and FCR for contacts (typically all those of one citizen, on any service and
     * channel, as far as the run reads them); one verdict per contact, in event-time order.
     */
    public static List<Verdict> classify(Collection<ContactEvent> contacts) {
        List<ContactEvent> ordered = new ArrayList<>(contacts);
        ordered.sort(ORDER);
        Map<List<String>, List<Integer>> sequences = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            ContactEvent c = ordered.get(i);
            if (identified(c)) {
                sequences
                        .computeIfAbsent(List.of(c.citizenKey(), c.serviceCode()), k -> new ArrayList<>())
                        .add(i);
            }
        }
        boolean[] repeat = new boolean[ordered.size()];
        boolean[] resolved = new boolean[ordered.size()];
        for (List<Integer> seq : sequences.values()) {
            for (int j = 0; j < seq.size(); j++) {
                Instant t = ordered.get(seq.get(j)).eventTime();
                repeat[seq.get(j)] =
                        j > 0 && !ordered.get(seq.get(j - 1)).eventTime().isBefore(t.minus(WINDOW));
                resolved[seq.get(j)] = j == seq.size() - 1
                        || ordered.get(seq.get(j + 1)).eventTime().isAfter(t.plus(WINDOW));
            }
        }
        List<Verdict> out = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            ContactEvent c = ordered.get(i);
            out.add(new Verdict(c, identified(c), repeat[i], resolved[i]));
        }
        return out;
    }

    /** The first day whose contacts a contact on {@code day} can make unresolved: the day of (start of day - 168 h). */
    public static LocalDate firstAffectedDay(LocalDate day) {
        return LocalDate.ofInstant(RawEvents.startOf(day).minus(WINDOW), RomeTime.ZONE);
    }

    /** The last day whose contacts a contact on {@code day} can make repeats: the day of (end of day + 168 h), exclusive. */
    public static LocalDate lastAffectedDay(LocalDate day) {
        return LocalDate.ofInstant(RawEvents.endOf(day).plus(WINDOW).minusNanos(1), RomeTime.ZONE);
    }

    /**
     * Whether the FCR of every contact of {@code day} is final as of the end of {@code asOf}: the
     * 168 h look-ahead of the day's last instant has ended by then. That is {@code day + 7 <= asOf},
     * except for the seven days before the spring clock change (a 23-hour day), whose 168 h reach
     * one hour into {@code day + 8}.
     */
    public static boolean fcrFinal(LocalDate day, LocalDate asOf) {
        return !RawEvents.endOf(day).plus(WINDOW).isAfter(RawEvents.endOf(asOf));
    }

    /** The last day whose FCR is final as of {@code asOf} (fcrFinal is monotonic in the day). */
    public static LocalDate lastFinalDay(LocalDate asOf) {
        LocalDate d = asOf;
        while (!fcrFinal(d, asOf)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /**
     * The days whose volume and language rows a run for {@code asOf} replaces: the day itself and
     * every earlier day that received contacts on it ({@code lateDays}: days of the events whose
     * {@code ingested_at} falls on {@code asOf}).
     */
    public static SortedSet<LocalDate> volumeDays(LocalDate asOf, Collection<LocalDate> lateDays) {
        SortedSet<LocalDate> days = new TreeSet<>();
        days.add(asOf);
        for (LocalDate d : lateDays) {
            if (d.isBefore(asOf)) {
                days.add(d);
            }
        }
        return days;
    }

    /**
     * The days whose resolution rows a run for {@code asOf} replaces: for each of the
     * {@link #volumeDays}, the days its contacts can change, from {@link #firstAffectedDay} (FCR of
     * earlier contacts) to {@link #lastAffectedDay} (repeat flag of later ones), never after
     * {@code asOf}. Without late events that is D-7 .. D (D-8 .. D for the runs of the seven days
     * after the spring clock change); the row of a day is last replaced by the run that makes it final.
     */
    public static SortedSet<LocalDate> resolutionDays(LocalDate asOf, Collection<LocalDate> lateDays) {
        SortedSet<LocalDate> days = new TreeSet<>();
        for (LocalDate b : volumeDays(asOf, lateDays)) {
            LocalDate last = lastAffectedDay(b).isAfter(asOf) ? asOf : lastAffectedDay(b);
            for (LocalDate d = firstAffectedDay(b); !d.isAfter(last); d = d.plusDays(1)) {
                days.add(d);
            }
        }
        return days;
    }

    /**
     * The event time to read to decide the contacts of {@code days}: 168 h before each day to 168 h
     * after it, cut at the end of {@code asOf}; overlapping intervals merged, in order.
     */
    public static List<Range> readRanges(SortedSet<LocalDate> days, LocalDate asOf) {
        Instant cap = RawEvents.endOf(asOf);
        List<Range> out = new ArrayList<>();
        for (LocalDate d : days) {
            Instant from = RawEvents.startOf(d).minus(WINDOW);
            Instant to = RawEvents.endOf(d).plus(WINDOW);
            to = to.isAfter(cap) ? cap : to;
            if (!from.isBefore(to)) {
                continue;
            }
            Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !from.isAfter(last.to())) {
                out.set(out.size() - 1, new Range(last.from(), to.isAfter(last.to()) ? to : last.to()));
            } else {
                out.add(new Range(from, to));
            }
        }
        return out;
    }
}
