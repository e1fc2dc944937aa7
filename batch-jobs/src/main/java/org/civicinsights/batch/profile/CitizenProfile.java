package org.civicinsights.batch.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

/**
 * One person's profile as of a date, before the case counts are joined (see {@link CitizenProfiler}).
 * Windows of n days are the n Rome calendar days ending with the as-of date.
 */
public record CitizenProfile(
        LocalDate asOfDate,
        String citizenKey,
        String keyKind,
        String residency,
        Instant firstContactAt,
        Instant lastContactAt,
        Instant lastEventAt,
        Integer daysSinceLastContact,
        long contacts30d,
        long contacts90d,
        long contacts365d,
        SortedMap<String, Long> channels30d,
        SortedMap<String, Long> channels90d,
        SortedMap<String, Long> channels365d,
        String preferredChannel,
        long selfServiceContacts365d,
        long assistedContacts365d,
        Double digitalSharePct,
        long onlineCompleted365d,
        long onlineAbandoned365d,
        long payments365d,
        long notificationsOpened365d,
        long casesOpened365d,
        long csatResponses365d,
        Double avgCsat365d,
        long negativeFeedback30d,
        Integer lastNps,
        Instant lastNpsAt,
        List<String> languages,
        String mainLanguage,
        Integer mainMunicipio,
        List<String> servicesUsed) {}
