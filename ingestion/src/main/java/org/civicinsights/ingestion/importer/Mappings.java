package org.civicinsights.ingestion.importer;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.civicinsights.common.catalogue.CityService;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.io.BundledResources;
import org.civicinsights.common.io.StrictYaml;

/**
 * Finds, reads and validates mapping files (YAML, described in docs/importers.md).
 *
 * <p>A name listed in {@value #INDEX} resolves to the bundled resource
 * {@code importer/mappings/<name>.yaml}; anything else is a file path. Every problem is a
 * {@link MappingException} naming the mapping and the key: unknown keys (typos), wrong types, an
 * unknown channel, a service code missing from the {@link ServiceCatalogue}, a bad time pattern...
 * so a mapping that loads can be applied to any file without surprises beyond the data itself.
 *
 * <p>YAML scalars are read as text (no YAML 1.1 surprises: {@code no}, {@code on} or {@code 010}
 * stay strings); only {@code ~}, {@code null} and empty values are null.
 */
public final class Mappings {
    /** Classpath folder of the bundled mappings. */
    public static final String RESOURCE_DIR = "importer/mappings/";
    /** Names of the bundled mappings, one a line: a new city needs a YAML file and a line here, no code. */
    public static final String INDEX = RESOURCE_DIR + "index.txt";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    /** Values of the abandoned column that mean abandoned unless the mapping lists its own. */
    static final List<String> DEFAULT_ABANDONED_VALUES = List.of("1", "true", "yes", "y", "si", "sì", "s");

    private Mappings() {}

    /** Names of the mappings shipped with this release, in index order. */
    public static List<String> bundledNames() {
        return BundledResources.names(RESOURCE_DIR);
    }

    /** A bundled mapping by name, or a mapping file by path, validated against the bundled catalogue. */
    public static Mapping load(String nameOrPath) {
        return load(nameOrPath, ServiceCatalogue.bundled());
    }

    /** As {@link #load(String)} with the given catalogue. */
    public static Mapping load(String nameOrPath, ServiceCatalogue catalogue) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new MappingException(
                    "a mapping name or file is required; bundled mappings: " + String.join(", ", bundledNames()));
        }
        if (bundledNames().contains(nameOrPath)) {
            String text = BundledResources.listed(RESOURCE_DIR, nameOrPath + ".yaml");
            return parse(text, nameOrPath, "classpath:" + RESOURCE_DIR + nameOrPath + ".yaml", catalogue);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new MappingException("unknown mapping '" + nameOrPath + "': not a bundled mapping ("
                    + String.join(", ", bundledNames()) + ") nor an existing file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException("cannot read mapping file " + file + ": " + e.getMessage(), e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(text, base, file.toString(), catalogue);
    }

    /**
     * Reads mapping text.
     *
     * @param defaultName name used when the text has no {@code name} key (the file name)
     * @param origin      where the text comes from, for messages
     */
    public static Mapping parse(String yamlText, String defaultName, String origin, ServiceCatalogue catalogue) {
        Object root;
        try {
            root = StrictYaml.load(yamlText, StrictYaml.Scalars.TEXT);
        } catch (StrictYaml.InvalidYaml e) {
            throw new MappingException("mapping " + origin + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new MappingException(
                    "mapping " + origin + ": expected a YAML mapping of keys (format, time, ...) at the top");
        }
        return new Reader(origin, catalogue).mapping(new Section(origin, "", cast(root)), defaultName);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    /** One YAML mapping node with its path, remembering which keys were read to report unknown ones. */
    private static final class Section {
        final String origin;
        final String path;
        final Map<String, Object> map;
        final Set<String> known = new LinkedHashSet<>();

        Section(String origin, String path, Map<String, Object> map) {
            this.origin = origin;
            this.path = path;
            this.map = map;
        }

        String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        MappingException error(String key, String problem) {
            return new MappingException("mapping " + origin + ": " + (key == null ? path : at(key)) + ": " + problem);
        }

        Object raw(String key) {
            known.add(key);
            return map.get(key);
        }

        boolean has(String key) {
            return raw(key) != null;
        }

        String text(String key, String fallback) {
            Object v = raw(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof String s)) {
                throw error(key, "expected a single value, found " + describe(v));
            }
            if (s.isBlank()) {
                return fallback;
            }
            return s;
        }

        String required(String key, String what) {
            String v = text(key, null);
            if (v == null) {
                throw error(key, "is required (" + what + ")");
            }
            return v;
        }

        Section section(String key) {
            Object v = raw(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map<?, ?>)) {
                throw error(key, "expected keys and values, found " + describe(v));
            }
            return new Section(origin, at(key), cast(v));
        }

        /** A list of values; a single value counts as a list of one. */
        List<String> texts(String key) {
            Object v = raw(key);
            if (v == null) {
                return List.of();
            }
            if (v instanceof String s) {
                return List.of(s);
            }
            if (!(v instanceof List<?> list)) {
                throw error(key, "expected a list of values, found " + describe(v));
            }
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw error(key, "expected a list of single values, found an element that is " + describe(o));
                }
                out.add(s);
            }
            return out;
        }

        /** Keys and single values, in file order. */
        LinkedHashMap<String, String> pairs(String key) {
            Section s = section(key);
            if (s == null) {
                return null;
            }
            LinkedHashMap<String, String> out = new LinkedHashMap<>();
            s.map.forEach((k, v) -> {
                if (!(v instanceof String text)) {
                    throw s.error(k, "expected a single value, found " + describe(v));
                }
                out.put(k, text);
            });
            return out;
        }

        boolean bool(String key, boolean fallback) {
            String v = text(key, null);
            if (v == null) {
                return fallback;
            }
            return switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> true;
                case "false", "no" -> false;
                default -> throw error(key, "expected true or false, found '" + v + "'");
            };
        }

        /** Throws on a key not in the list, before anything else is checked: a typo is named as such. */
        Section expect(String... keys) {
            List<String> allowed = List.of(keys);
            for (String k : map.keySet()) {
                if (!allowed.contains(k)) {
                    throw error(k, "unknown key; expected one of " + String.join(", ", allowed));
                }
            }
            return this;
        }

        /** Throws on a key that was never read: a typo or a key of another format. */
        void done(String... allowedButUnread) {
            Set<String> allowed = new HashSet<>(known);
            allowed.addAll(List.of(allowedButUnread));
            for (String k : map.keySet()) {
                if (!allowed.contains(k)) {
                    throw error(k, "unknown key; expected one of " + String.join(", ", known));
                }
            }
        }

        private static String describe(Object v) {
            return v instanceof Map<?, ?> ? "keys and values" : v instanceof List<?> ? "a list" : "'" + v + "'";
        }
    }

    /** Builds a {@link Mapping} from the sections, validating as it goes. */
    private static final class Reader {
        final String origin;
        final ServiceCatalogue catalogue;

        Reader(String origin, ServiceCatalogue catalogue) {
            this.origin = origin;
            this.catalogue = catalogue;
        }

        Mapping mapping(Section root, String defaultName) {
            root.expect(
                    "name",
                    "description",
                    "kind",
                    "format",
                    "time",
                    "record_id",
                    "case",
                    "call",
                    "channel",
                    "service",
                    "language",
                    "municipio",
                    "location",
                    "identity",
                    "redact");
            String name = root.text("name", defaultName);
            if (name == null || !NAME.matcher(name).matches()) {
                throw root.error(
                        "name",
                        "'" + name + "' must be lower-case letters, digits, '-' or '_' (at most 40),"
                                + " it prefixes case ids and names the source system");
            }
            String description = root.text("description", null);
            Mapping.Kind kind = switch (root.text("kind", "cases")) {
                case "cases" -> Mapping.Kind.CASES;
                case "calls" -> Mapping.Kind.CALLS;
                default -> throw root.error("kind", "expected cases or calls");
            };
            Mapping.Format format = format(root);
            SourceTimes time = time(root);
            String recordId = root.required("record_id", "the column with the source's record id");
            Mapping.Identity identity = identity(root);
            Lookup<Channel> channel = lookup(
                    root,
                    "channel",
                    "a channel of contract v1 ("
                            + Arrays.stream(Channel.values())
                                    .map(Channel::wireName)
                                    .collect(Collectors.joining(", "))
                            + ")",
                    v -> Channel.fromWire(v.strip().toLowerCase(Locale.ROOT)).orElse(null),
                    true);
            if (channel == null) {
                throw root.error("channel", "is required: a channel, or a lookup with column, values and default");
            }
            Lookup<String> service = lookup(
                    root,
                    "service",
                    "a service code of the catalogue",
                    v -> catalogue.find(v.strip()).map(CityService::code).orElse(null),
                    false);
            Lookup<String> language = lookup(
                    root,
                    "language",
                    "an ISO 639 code in lower case (it, en, ...)",
                    v -> LANGUAGE.matcher(v.strip()).matches() ? v.strip() : null,
                    false);
            Lookup<Integer> municipio =
                    lookup(root, "municipio", "a municipio of Rome, 1 to 15", Reader::municipio, false);
            Mapping.Location location = location(root);
            Mapping.Cases cases = null;
            Mapping.Calls calls = null;
            if (kind == Mapping.Kind.CASES) {
                Section c = root.section("case");
                if (c == null) {
                    throw root.error("case", "is required for kind cases (opened, closed, status...)");
                }
                cases = cases(c);
                if (root.has("call")) {
                    throw root.error("call", "is only for kind calls");
                }
            } else {
                Section c = root.section("call");
                if (c == null) {
                    throw root.error("call", "is required for kind calls (start, wait_seconds, handle_seconds...)");
                }
                calls = calls(c);
                if (root.has("case")) {
                    throw root.error("case", "is only for kind cases");
                }
            }
            Set<String> redact = new LinkedHashSet<>(root.texts("redact"));
            root.done();
            return new Mapping(
                    name,
                    description,
                    origin,
                    kind,
                    format,
                    time,
                    recordId,
                    identity,
                    channel,
                    service,
                    language,
                    municipio,
                    location,
                    cases,
                    calls,
                    redact);
        }

        private static Integer municipio(String v) {
            try {
                int m = Integer.parseInt(v.strip());
                return m >= 1 && m <= 15 ? m : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        Mapping.Format format(Section root) {
            Section f = root.section("format");
            if (f == null) {
                throw root.error("format", "is required (type: csv or open311-json)");
            }
            f.expect("type", "delimiter", "quote", "charset", "header", "columns");
            String type = f.required("type", "csv or open311-json");
            Charset charset;
            String cs = f.text("charset", "UTF-8");
            try {
                charset = Charset.forName(cs);
            } catch (IllegalArgumentException e) {
                throw f.error("charset", "'" + cs + "' is not a charset known to Java");
            }
            switch (type) {
                case "csv" -> {
                    char delimiter = character(f, "delimiter", ',');
                    char quote = character(f, "quote", '"');
                    if (delimiter == quote) {
                        throw f.error("quote", "must differ from the delimiter");
                    }
                    boolean header = f.bool("header", true);
                    List<String> columns = f.texts("columns");
                    if (!header && columns.isEmpty()) {
                        throw f.error("columns", "is required when header is false: the names of the columns in order");
                    }
                    if (header && !columns.isEmpty()) {
                        throw f.error("columns", "is only for files without header (header: false)");
                    }
                    f.done();
                    return new Mapping.Format(
                            Mapping.FormatType.CSV, delimiter, quote, charset, header, List.copyOf(columns));
                }
                case "open311-json" -> {
                    f.done();
                    return new Mapping.Format(Mapping.FormatType.OPEN311_JSON, ',', '"', charset, false, List.of());
                }
                default -> throw f.error("type", "'" + type + "' is not a format; expected csv or open311-json");
            }
        }

        private static char character(Section f, String key, char fallback) {
            String v = f.text(key, null);
            if (v == null) {
                return fallback;
            }
            if (v.equals("tab") || v.equals("\\t")) {
                return '\t';
            }
            if (v.length() != 1) {
                throw f.error(key, "expected one character (or tab), found '" + v + "'");
            }
            return v.charAt(0);
        }

        SourceTimes time(Section root) {
            Section t = root.section("time");
            if (t == null) {
                throw root.error("time", "is required (zone and patterns)");
            }
            t.expect("zone", "patterns", "date_only_time");
            String z = t.required("zone", "the time zone of times without offset, e.g. Europe/Rome");
            ZoneId zone;
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                throw t.error("zone", "'" + z + "' is not a time zone id (e.g. Europe/Rome, America/New_York)");
            }
            List<String> patterns = t.texts("patterns");
            if (patterns.isEmpty()) {
                throw t.error(
                        "patterns",
                        "is required: the date-time patterns of the source, e.g. [\"yyyy-MM-dd HH:mm:ss\", ISO]");
            }
            String d = t.text("date_only_time", null);
            LocalTime dateOnly = SourceTimes.DEFAULT_DATE_ONLY_TIME;
            if (d != null) {
                try {
                    dateOnly = LocalTime.parse(d.strip());
                } catch (DateTimeParseException e) {
                    throw t.error("date_only_time", "'" + d + "' is not a time of day HH:mm");
                }
            }
            for (String p : patterns) {
                checkPattern(t, p, zone);
            }
            t.done();
            return new SourceTimes(zone, patterns, dateOnly);
        }

        /** A pattern must be valid and read back a date it wrote. */
        private static void checkPattern(Section t, String p, ZoneId zone) {
            DateTimeFormatter f;
            try {
                f = SourceTimes.formatter(p);
            } catch (IllegalArgumentException e) {
                throw t.error("patterns", "'" + p + "' is not a valid pattern: " + e.getMessage());
            }
            if (p.equals(SourceTimes.ISO)) {
                return;
            }
            ZonedDateTime sample = ZonedDateTime.of(2024, 3, 5, 14, 7, 9, 0, zone);
            try {
                new SourceTimes(zone, List.of(p), LocalTime.NOON).parse(f.format(sample));
            } catch (DateTimeException e) {
                throw t.error(
                        "patterns", "'" + p + "' cannot read a date it writes (does it have year, month and day?)");
            }
        }

        Mapping.Identity identity(Section root) {
            Section s = root.section("identity");
            if (s == null) {
                throw root.error("identity", "is required (anonymous_id templates and/or a fiscal_code column)");
            }
            s.expect("anonymous_id", "fiscal_code");
            List<IdTemplate> templates = new ArrayList<>();
            for (String t : s.texts("anonymous_id")) {
                try {
                    templates.add(IdTemplate.parse(t));
                } catch (IllegalArgumentException e) {
                    throw s.error("anonymous_id", e.getMessage());
                }
            }
            String fiscal = s.text("fiscal_code", null);
            if (templates.isEmpty() && fiscal == null) {
                throw s.error(
                        null, "needs anonymous_id (templates such as 'sf311-reporter-{id}') or fiscal_code (a column)");
            }
            s.done();
            return new Mapping.Identity(List.copyOf(templates), fiscal);
        }

        Mapping.Location location(Section root) {
            Section s = root.section("location");
            if (s == null) {
                return null;
            }
            s.expect("lat", "lon", "point");
            String lat = s.text("lat", null);
            String lon = s.text("lon", null);
            String point = s.text("point", null);
            s.done();
            if (point != null && (lat != null || lon != null)) {
                throw s.error("point", "give either point or lat and lon");
            }
            if (point == null && (lat == null || lon == null)) {
                throw s.error(lat == null ? "lat" : "lon", "lat and lon go together (or use point)");
            }
            return new Mapping.Location(lat, lon, point);
        }

        Mapping.Cases cases(Section c) {
            c.expect("opened", "closed", "updated", "status", "outcome");
            String opened = c.required("opened", "the column of the time the case was opened");
            String closed = c.text("closed", null);
            String updated = c.text("updated", null);
            Section s = c.section("status");
            if (s == null) {
                throw c.error(
                        "status", "is required: column and the statuses meaning open, in_progress, closed, cancelled");
            }
            Mapping.Status status = status(s);
            Lookup<String> outcome = lookup(
                    c,
                    "outcome",
                    "an outcome of at most 40 characters",
                    v -> v.isBlank() || v.strip().length() > 40 ? null : v.strip(),
                    false);
            c.done();
            if (closed == null
                    && (status.fallback() == Mapping.StatusCategory.CLOSED
                            || status.categories().containsValue(Mapping.StatusCategory.CLOSED)
                            || status.categories().containsValue(Mapping.StatusCategory.CANCELLED))) {
                throw c.error(
                        "closed", "is required when some status means closed or cancelled (the closing time column)");
            }
            return new Mapping.Cases(opened, closed, updated, status, outcome);
        }

        Mapping.Status status(Section s) {
            s.expect("column", "initial", "open", "in_progress", "closed", "cancelled", "default");
            String column = s.required("column", "the status column");
            String initial = s.text("initial", null);
            Map<String, Mapping.StatusCategory> categories = new LinkedHashMap<>();
            Map<String, String> firstSeen = new LinkedHashMap<>();
            for (Mapping.StatusCategory cat : Mapping.StatusCategory.values()) {
                String key = cat.name().toLowerCase(Locale.ROOT);
                for (String v : s.texts(key)) {
                    String k = Lookup.key(v);
                    if (categories.containsKey(k)) {
                        throw s.error(key, "status '" + v + "' is already listed under " + firstSeen.get(k));
                    }
                    categories.put(k, cat);
                    firstSeen.put(k, key);
                }
            }
            if (categories.isEmpty()) {
                throw s.error(
                        null, "lists no status: give the source values under open, in_progress, closed, cancelled");
            }
            String d = s.text("default", null);
            Mapping.StatusCategory fallback = null;
            if (d != null) {
                try {
                    fallback = Mapping.StatusCategory.valueOf(d.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw s.error(
                            "default",
                            "'" + d + "' is not a category; expected open, in_progress, closed or cancelled");
                }
            }
            s.done();
            return new Mapping.Status(column, initial, Collections.unmodifiableMap(categories), fallback);
        }

        Mapping.Calls calls(Section c) {
            c.expect("start", "wait_seconds", "handle_seconds", "abandoned", "abandoned_values", "agent", "outcome");
            String start = c.required("start", "the column of the time the call started");
            String wait = c.text("wait_seconds", null);
            String handle = c.text("handle_seconds", null);
            String abandoned = c.text("abandoned", null);
            List<String> values = c.texts("abandoned_values");
            if (!values.isEmpty() && abandoned == null) {
                throw c.error("abandoned_values", "needs the abandoned column");
            }
            Set<String> abandonedValues = new LinkedHashSet<>();
            (values.isEmpty() ? DEFAULT_ABANDONED_VALUES : values).forEach(v -> abandonedValues.add(Lookup.key(v)));
            String agent = c.text("agent", null);
            Lookup<String> outcome = lookup(
                    c,
                    "outcome",
                    "an outcome of at most 40 characters",
                    v -> v.isBlank() || v.strip().length() > 40 ? null : v.strip(),
                    false);
            c.done();
            return new Mapping.Calls(
                    start, wait, handle, abandoned, Collections.unmodifiableSet(abandonedValues), agent, outcome);
        }

        /**
         * A lookup: absent (null), a single value (a constant), or keys column, match, values, default.
         *
         * @param convert a raw value to the target, null if it is not a valid target
         */
        <T> Lookup<T> lookup(Section parent, String key, String target, Function<String, T> convert, boolean required) {
            Object raw = parent.raw(key);
            if (raw == null) {
                return null;
            }
            String field = parent.at(key);
            if (raw instanceof String constant) {
                T v = target(parent, key, constant, target, convert);
                return Lookup.constant(field, v);
            }
            Section s = parent.section(key).expect("column", "match", "values", "default");
            String column = s.text("column", null);
            String match = s.text("match", "exact");
            if (!match.equals("exact") && !match.equals("prefix")) {
                throw s.error("match", "expected exact or prefix, found '" + match + "'");
            }
            LinkedHashMap<String, String> values = s.pairs("values");
            Map<String, T> mapped = null;
            if (values != null) {
                mapped = new LinkedHashMap<>();
                Map<String, String> seen = new LinkedHashMap<>();
                Section vs = s.section("values");
                for (Map.Entry<String, String> e : values.entrySet()) {
                    String k = Lookup.key(e.getKey());
                    if (seen.containsKey(k)) {
                        throw vs.error(e.getKey(), "repeats '" + seen.get(k) + "' (keys are compared ignoring case)");
                    }
                    seen.put(k, e.getKey());
                    mapped.put(e.getKey(), target(vs, e.getKey(), e.getValue(), target, convert));
                }
            }
            String d = s.text("default", null);
            T fallback = d == null ? null : target(s, "default", d, target, convert);
            s.done();
            if (column == null) {
                if (fallback == null) {
                    throw s.error(
                            null,
                            "without a column a default is required (or write the value alone: " + key + ": VALUE)");
                }
                if (values != null) {
                    throw s.error("values", "need a column to look up");
                }
            }
            return new Lookup<>(field, column, match.equals("prefix"), mapped, convert, fallback, required);
        }

        private <T> T target(Section s, String key, String value, String target, Function<String, T> convert) {
            T v = value == null || value.isBlank() ? null : convert.apply(value);
            if (v == null) {
                throw s.error(key, "'" + value + "' is not " + target + hint(value, target));
            }
            return v;
        }

        /** For service codes: catalogue codes that look alike. */
        private String hint(String value, String target) {
            if (!target.startsWith("a service code")) {
                return "";
            }
            String v = value.strip().toUpperCase(Locale.ROOT);
            String prefix = v.length() >= 4 ? v.substring(0, 4) : v;
            List<String> near = catalogue.services().stream()
                    .map(CityService::code)
                    .filter(c -> c.startsWith(prefix))
                    .toList();
            return " (catalogue version " + catalogue.version()
                    + (near.isEmpty() ? "" : "; similar codes: " + String.join(", ", near)) + ")";
        }
    }
}
