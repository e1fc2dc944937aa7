package org.civicinsights.ingestion.importer;

import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civicinsights.common.event.Channel;

/**
 * A declarative mapping from one source format (a city's open-data export, an Open311 feed, a
 * contact centre's ACD export) to interaction events of contract v1. Loaded and validated by
 * {@link Mappings}; the YAML format is described key by key in docs/importers.md.
 */
public final class Mapping {

    /** What the rows are: case records (one case per row) or call records (one call per row). */
    public enum Kind {
        CASES,
        CALLS
    }

    /** How the file is read. */
    public enum FormatType {
        CSV,
        OPEN311_JSON
    }

    /** What a source status means for the case lifecycle. */
    public enum StatusCategory {
        OPEN,
        IN_PROGRESS,
        CLOSED,
        CANCELLED
    }

    /**
     * @param delimiter CSV field separator
     * @param quote     CSV quote character
     * @param header    the first CSV record names the columns
     * @param columns   column names when there is no header (empty otherwise)
     */
    public record Format(
            FormatType type, char delimiter, char quote, Charset charset, boolean header, List<String> columns) {}

    /** Coordinates: two columns ({@code lat}, {@code lon}) or one with both numbers ({@code point}). */
    public record Location(String lat, String lon, String point) {}

    /**
     * @param anonymousId templates tried in order, the first that can be filled wins
     * @param fiscalCode  column with a fiscal code, or null
     */
    public record Identity(List<IdTemplate> anonymousId, String fiscalCode) {}

    /**
     * @param column     the status column
     * @param initial    {@code case_status} of {@code case_opened}, or null
     * @param categories lower-cased status to category
     * @param fallback   category of a status listed nowhere, or null to reject such rows
     */
    public record Status(
            String column, String initial, Map<String, StatusCategory> categories, StatusCategory fallback) {
        /** The category of a raw status, or null if it has none. */
        public StatusCategory categorise(String raw) {
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            return categories.getOrDefault(Lookup.key(raw), fallback);
        }
    }

    /**
     * @param opened  column of the opening time (required)
     * @param closed  column of the closing time, or null
     * @param updated column of the last update, time of {@code case_status_changed}, or null
     * @param outcome outcome of {@code case_closed} for closed statuses, or null
     */
    public record Cases(String opened, String closed, String updated, Status status, Lookup<String> outcome) {}

    /**
     * @param start           column of the call start (required)
     * @param waitSeconds     column of the seconds in queue, or null
     * @param handleSeconds   column of the seconds with an agent, or null
     * @param abandoned       column of the abandoned flag, or null
     * @param abandonedValues lower-cased values of that column that mean abandoned
     * @param agent           column of the agent id, or null
     * @param outcome         outcome of answered calls, or null
     */
    public record Calls(
            String start,
            String waitSeconds,
            String handleSeconds,
            String abandoned,
            Set<String> abandonedValues,
            String agent,
            Lookup<String> outcome) {}

    private final String name;
    private final String description;
    private final String origin;
    private final Kind kind;
    private final Format format;
    private final SourceTimes time;
    private final String recordId;
    private final Identity identity;
    private final Lookup<Channel> channel;
    private final Lookup<String> service;
    private final Lookup<String> language;
    private final Lookup<Integer> municipio;
    private final Location location;
    private final Cases cases;
    private final Calls calls;
    private final Set<String> redact;

    Mapping(
            String name,
            String description,
            String origin,
            Kind kind,
            Format format,
            SourceTimes time,
            String recordId,
            Identity identity,
            Lookup<Channel> channel,
            Lookup<String> service,
            Lookup<String> language,
            Lookup<Integer> municipio,
            Location location,
            Cases cases,
            Calls calls,
            Set<String> redact) {
        this.name = Objects.requireNonNull(name);
        this.description = description;
        this.origin = origin;
        this.kind = Objects.requireNonNull(kind);
        this.format = Objects.requireNonNull(format);
        this.time = Objects.requireNonNull(time);
        this.recordId = Objects.requireNonNull(recordId);
        this.identity = Objects.requireNonNull(identity);
        this.channel = Objects.requireNonNull(channel);
        this.service = service;
        this.language = language;
        this.municipio = municipio;
        this.location = location;
        this.cases = cases;
        this.calls = calls;
        Set<String> r = new LinkedHashSet<>(redact);
        identity.anonymousId().forEach(t -> r.addAll(t.hashedColumns()));
        if (identity.fiscalCode() != null) { // a rejection never repeats a fiscal code (events.md)
            r.add(identity.fiscalCode());
        }
        this.redact = Collections.unmodifiableSet(r);
    }

    /** The mapping's name: prefix of case ids, {@code source_system}, namespace of event ids. */
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Where it was loaded from: {@code classpath:importer/mappings/sf311.yaml} or a file path. */
    public String origin() {
        return origin;
    }

    public Kind kind() {
        return kind;
    }

    public Format format() {
        return format;
    }

    public SourceTimes time() {
        return time;
    }

    public String recordId() {
        return recordId;
    }

    public Identity identity() {
        return identity;
    }

    public Lookup<Channel> channel() {
        return channel;
    }

    /** Null when the mapping sets no service code. */
    public Lookup<String> service() {
        return service;
    }

    /** Null when the mapping sets no language. */
    public Lookup<String> language() {
        return language;
    }

    /** Null for cities other than Rome. */
    public Lookup<Integer> municipio() {
        return municipio;
    }

    /** Null when the source has no coordinates. */
    public Location location() {
        return location;
    }

    /** Set for {@link Kind#CASES}. */
    public Cases cases() {
        return cases;
    }

    /** Set for {@link Kind#CALLS}. */
    public Calls calls() {
        return calls;
    }

    /** Columns whose values never appear in rejections: the {@code redact} list plus hashed identity columns. */
    public Set<String> redact() {
        return redact;
    }

    /** Every source column the mapping reads, in a stable order, for checking a file's header. */
    public Set<String> columns() {
        Set<String> c = new LinkedHashSet<>();
        c.add(recordId);
        identity.anonymousId().forEach(t -> c.addAll(t.columns()));
        add(c, identity.fiscalCode());
        for (Lookup<?> l : new Lookup<?>[] {
            channel,
            service,
            language,
            municipio,
            cases == null ? null : cases.outcome(),
            calls == null ? null : calls.outcome()
        }) {
            if (l != null) {
                add(c, l.column());
            }
        }
        if (location != null) {
            add(c, location.lat());
            add(c, location.lon());
            add(c, location.point());
        }
        if (cases != null) {
            add(c, cases.opened());
            add(c, cases.closed());
            add(c, cases.updated());
            add(c, cases.status().column());
        }
        if (calls != null) {
            add(c, calls.start());
            add(c, calls.waitSeconds());
            add(c, calls.handleSeconds());
            add(c, calls.abandoned());
            add(c, calls.agent());
        }
        return c;
    }

    private static void add(Set<String> c, String column) {
        if (column != null) {
            c.add(column);
        }
    }

    @Override
    public String toString() {
        return "Mapping{" + name + ' ' + kind + ' ' + format.type() + " from " + origin + '}';
    }
}
