package org.civicinsights.batch.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;

/**
 * Folds all the events of one person up to the end of an as-of date into their profile. Pure, so
 * every rule is unit-tested; the profile job runs it once per person key.
 *
 * <p>A <b>contact</b> is a touchpoint the person started: a call, chat, visit or e-mail, an online
 * session ({@code online_service_started}; its completion or abandonment is the same session), a
 * knowledge article read, or a street report ({@code case_opened} on the street-report channel,
 * which has no contact event of its own). Case lifecycle events, notifications and payments are
 * the city's side or part of another touchpoint; they are counted in their own columns.
 */
public final class CitizenProfiler {
    public static final String CITIZEN = "citizen";
    public static final String ANONYMOUS = "anonymous";
    public static final String RESIDENT = "resident";
    public static final String CITY_USER = "city_user";

    static final Set<String> CONTACT_TYPES = Set.of(
            EventType.CONTACT_CALL.wireName(),
            EventType.CONTACT_CHAT.wireName(),
            EventType.CONTACT_VISIT.wireName(),
            EventType.CONTACT_EMAIL.wireName(),
            EventType.ONLINE_SERVICE_STARTED.wireName(),
            EventType.KNOWLEDGE_ARTICLE_VIEWED.wireName());

    private CitizenProfiler() {}

    public static boolean isContact(ProfileEvent e) {
        return CONTACT_TYPES.contains(e.eventType())
                || (EventType.CASE_OPENED.wireName().equals(e.eventType())
                        && Channel.STREET_REPORT.wireName().equals(e.channel()));
    }

    /** Detractor (NPS 0-6) or dissatisfied (CSAT 1-2). */
    public static boolean negative(ProfileEvent e) {
        return (e.csat() != null && e.csat() <= 2) || (e.nps() != null && e.nps() <= 6);
    }

    /** The first instant of the window of {@code days} Rome days ending with {@code asOf}. */
    static Instant windowStart(LocalDate asOf, int days) {
        return RawEvents.startOf(asOf.minusDays(days - 1L));
    }

    /** The profile of {@code key} from its events (any order); events after the as-of date are ignored. */
    public static CitizenProfile build(String key, boolean identified, Iterable<ProfileEvent> events, LocalDate asOf) {
        Instant end = RawEvents.endOf(asOf);
        Instant w30 = windowStart(asOf, 30);
        Instant w90 = windowStart(asOf, 90);
        Instant w365 = windowStart(asOf, 365);
        Instant firstContact = null;
        Instant lastContact = null;
        Instant lastEvent = null;
        long c30 = 0;
        long c90 = 0;
        long c365 = 0;
        SortedMap<String, Long> ch30 = new TreeMap<>();
        SortedMap<String, Long> ch90 = new TreeMap<>();
        SortedMap<String, Long> ch365 = new TreeMap<>();
        Map<String, Instant> channelLastUse = new HashMap<>();
        long self = 0;
        long assisted = 0;
        long completed = 0;
        long abandoned = 0;
        long payments = 0;
        long opened = 0;
        long casesOpened = 0;
        long csatN = 0;
        long csatSum = 0;
        long negative30 = 0;
        Integer lastNps = null;
        Instant lastNpsAt = null;
        String lastNpsId = null;
        Map<String, Long> languages = new HashMap<>();
        Map<String, Instant> languageLastUse = new HashMap<>();
        Map<Integer, Long> municipi = new HashMap<>();
        Map<Integer, Instant> municipioLastUse = new HashMap<>();
        Set<String> services = new TreeSet<>();
        for (ProfileEvent e : events) {
            Instant t = e.time();
            if (t == null || !t.isBefore(end)) {
                continue;
            }
            lastEvent = max(lastEvent, t);
            boolean in30 = !t.isBefore(w30);
            boolean in90 = !t.isBefore(w90);
            boolean in365 = !t.isBefore(w365);
            if (isContact(e)) {
                firstContact = firstContact == null || t.isBefore(firstContact) ? t : firstContact;
                lastContact = max(lastContact, t);
                String channel = e.channel() == null ? "unknown" : e.channel();
                if (in365) {
                    c365++;
                    ch365.merge(channel, 1L, Long::sum);
                    channelLastUse.merge(channel, t, CitizenProfiler::max);
                    boolean selfService =
                            Channel.fromWire(channel).map(Channel::selfService).orElse(false);
                    if (selfService) {
                        self++;
                    } else {
                        assisted++;
                    }
                }
                if (in90) {
                    c90++;
                    ch90.merge(channel, 1L, Long::sum);
                }
                if (in30) {
                    c30++;
                    ch30.merge(channel, 1L, Long::sum);
                }
            }
            String type = e.eventType();
            if (in365) {
                if (EventType.ONLINE_SERVICE_COMPLETED.wireName().equals(type)) {
                    completed++;
                } else if (EventType.ONLINE_SERVICE_ABANDONED.wireName().equals(type)) {
                    abandoned++;
                } else if (EventType.PAYMENT_MADE.wireName().equals(type)) {
                    payments++;
                } else if (EventType.NOTIFICATION_OPENED.wireName().equals(type)) {
                    opened++;
                } else if (EventType.CASE_OPENED.wireName().equals(type)) {
                    casesOpened++;
                }
                if (e.serviceCode() != null) {
                    services.add(e.serviceCode());
                }
            }
            if (EventType.FEEDBACK_GIVEN.wireName().equals(type)) {
                if (in365 && e.csat() != null) {
                    csatN++;
                    csatSum += e.csat();
                }
                if (in30 && negative(e)) {
                    negative30++;
                }
                if (e.nps() != null
                        && (lastNpsAt == null
                                || t.isAfter(lastNpsAt)
                                || (t.equals(lastNpsAt) && e.eventId().compareTo(lastNpsId) > 0))) {
                    lastNps = e.nps();
                    lastNpsAt = t;
                    lastNpsId = e.eventId();
                }
            }
            if (e.language() != null) {
                languages.merge(e.language(), 1L, Long::sum);
                languageLastUse.merge(e.language(), t, CitizenProfiler::max);
            }
            if (e.municipio() != null) {
                municipi.merge(e.municipio(), 1L, Long::sum);
                municipioLastUse.merge(e.municipio(), t, CitizenProfiler::max);
            }
        }
        List<String> languageOrder = ranked(languages, languageLastUse);
        List<Integer> municipioOrder = ranked(municipi, municipioLastUse);
        Integer mainMunicipio = municipioOrder.isEmpty() ? null : municipioOrder.get(0);
        List<String> channelOrder = ranked(ch365, channelLastUse);
        return new CitizenProfile(
                asOf,
                key,
                identified ? CITIZEN : ANONYMOUS,
                identified && mainMunicipio != null ? RESIDENT : CITY_USER,
                firstContact,
                lastContact,
                lastEvent,
                lastContact == null
                        ? null
                        : (int) ChronoUnit.DAYS.between(
                                lastContact.atZone(RomeTime.ZONE).toLocalDate(), asOf),
                c30,
                c90,
                c365,
                ch30,
                ch90,
                ch365,
                channelOrder.isEmpty() ? null : channelOrder.get(0),
                self,
                assisted,
                c365 == 0 ? null : 100.0 * self / c365,
                completed,
                abandoned,
                payments,
                opened,
                casesOpened,
                csatN,
                csatN == 0 ? null : (double) csatSum / csatN,
                negative30,
                lastNps,
                lastNpsAt,
                languageOrder,
                languageOrder.isEmpty() ? null : languageOrder.get(0),
                mainMunicipio,
                List.copyOf(services));
    }

    /** Keys by count, then by most recent use, then by their natural order (so ties are decided the same way on every run). */
    static <K extends Comparable<K>> List<K> ranked(Map<K, Long> counts, Map<K, Instant> lastUse) {
        List<K> keys = new ArrayList<>(counts.keySet());
        keys.sort(Comparator.<K, Long>comparing(counts::get)
                .reversed()
                .thenComparing(k -> lastUse.get(k), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Comparator.naturalOrder()));
        return keys;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
