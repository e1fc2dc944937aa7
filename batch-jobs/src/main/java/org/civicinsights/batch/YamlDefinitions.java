package org.civicinsights.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civicinsights.common.io.BundledResources;
import org.civicinsights.common.io.StrictYaml;

/**
 * What the declarative definitions (segments, campaigns) share: one YAML file per definition,
 * either the defaults bundled in the job jar ({@code <kind>/} with its {@code index.txt}) or every
 * {@code *.yaml} of a directory; the name of a definition is its file name. The field helpers
 * throw {@link Invalid} with the message to report, which a loader turns into a per-file error:
 * one bad file never stops the others.
 */
public final class YamlDefinitions {
    /** A definition name: lower case letters, digits and _, 2-63 characters, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,62}");

    /** The text of one definition file, its name (the file name without .yaml) and where it was read from. */
    public record Source(String name, String text, String source) {}

    /** Why a definition cannot be used; the message is what the run reports. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private YamlDefinitions() {}

    /**
     * The definition files of {@code dir}, sorted by name, or the bundled defaults under
     * {@code resourceDir} in the order of its {@code index.txt} when {@code dir} is null.
     *
     * @param dirOption the option that named {@code dir}, for error messages (e.g. {@code segments.dir})
     */
    public static List<Source> sources(String resourceDir, String dir, String dirOption) {
        List<Source> out = new ArrayList<>();
        if (dir == null) {
            for (String name : bundledNames(resourceDir)) {
                String resource = resourceDir + "/" + name + ".yaml";
                out.add(new Source(name, BundledResources.listed(resourceDir, name + ".yaml"), "jar:" + resource));
            }
            return out;
        }
        Path d = Path.of(dir);
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException(dirOption + " " + dir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                out.add(new Source(
                        name,
                        Files.readString(f, StandardCharsets.UTF_8),
                        f.toAbsolutePath().normalize().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dirOption + " " + dir, e);
        }
        return out;
    }

    /** Where definitions are read from: {@code jar:<resourceDir>}, or the absolute, normalised directory. */
    public static String location(String resourceDir, String dir) {
        return dir == null
                ? "jar:" + resourceDir
                : Path.of(dir).toAbsolutePath().normalize().toString();
    }

    /** The location a definition's source belongs to (see {@link #location}); null for none. */
    public static String locationOf(String resourceDir, String source) {
        if (source == null) {
            return null;
        }
        String bundled = "jar:" + resourceDir;
        if (source.startsWith(bundled + "/")) {
            return bundled;
        }
        Path parent = Path.of(source).toAbsolutePath().normalize().getParent();
        return parent == null ? null : parent.toString();
    }

    /** The names listed in {@code <resourceDir>/index.txt} (blank lines and # comments ignored). */
    public static List<String> bundledNames(String resourceDir) {
        return BundledResources.names(resourceDir);
    }

    /**
     * The YAML document as a mapping whose keys are all among {@code fields}, read by {@link StrictYaml}:
     * plain data only, a key given twice is an error, and an unquoted 2026-01-01 stays text (SnakeYAML
     * would turn an invalid 2026-02-30 into 2 March; {@link #date} parses the text strictly).
     */
    public static Map<?, ?> mapping(String yaml, Collection<String> fields) {
        Object doc;
        try {
            doc = StrictYaml.load(yaml, StrictYaml.Scalars.TYPED);
        } catch (StrictYaml.InvalidYaml e) {
            throw new Invalid("not valid YAML: " + e.summary());
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new Invalid("expected a mapping with " + new TreeSet<>(fields));
        }
        checkKeys(map, fields, "field(s)", "the fields are");
        return map;
    }

    /** Fails when {@code map} has a key outside {@code allowed}; {@code what} names the keys in the message. */
    public static void checkKeys(Map<?, ?> map, Collection<String> allowed, String what, String allowedAre) {
        Set<String> unknown = new TreeSet<>();
        map.keySet().forEach(k -> {
            if (!allowed.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        });
        if (!unknown.isEmpty()) {
            throw new Invalid("unknown " + what + " " + unknown + "; " + allowedAre + " " + new TreeSet<>(allowed));
        }
    }

    /** A required text field, stripped. */
    public static String text(Map<?, ?> map, String field) {
        String v = optionalText(map, field);
        if (v == null) {
            throw new Invalid("missing field '" + field + "'");
        }
        return v;
    }

    /** A text field, stripped; null when absent or blank. */
    public static String optionalText(Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new Invalid("field '" + field + "' must be text, not a list or mapping");
        }
        return value.toString().strip();
    }

    /** A whole number field of at least {@code min}; {@code defaultValue} when absent (null = required). */
    public static Integer integer(Map<?, ?> map, String field, int min, Integer defaultValue) {
        Object value = map.get(field);
        if (value == null) {
            if (defaultValue == null) {
                throw new Invalid("missing field '" + field + "'");
            }
            return defaultValue;
        }
        if (!(value instanceof Integer i)) {
            throw new Invalid("field '" + field + "' must be a whole number, not '" + value + "'");
        }
        if (i < min) {
            throw new Invalid("field '" + field + "' must be at least " + min + ", not " + i);
        }
        return i;
    }

    /** A whole number field of at least {@code min}, or null when absent. */
    public static Integer optionalInteger(Map<?, ?> map, String field, int min) {
        return map.get(field) == null ? null : integer(map, field, min, null);
    }

    /** A date field (YYYY-MM-DD, quoted or not); null when absent and not {@code required}. */
    public static LocalDate date(Map<?, ?> map, String field, boolean required) {
        Object value = map.get(field);
        if (value == null) {
            if (required) {
                throw new Invalid("missing field '" + field + "'");
            }
            return null;
        }
        try {
            return LocalDate.parse(value.toString().strip());
        } catch (DateTimeParseException e) {
            throw new Invalid("field '" + field + "' must be a date (YYYY-MM-DD), not '" + value + "'");
        }
    }

    /** A list field; null when absent. Each element must be text. */
    public static List<String> optionalTextList(Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new Invalid("field '" + field + "' must be a list, e.g. [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o == null
                    || o instanceof Map
                    || o instanceof List
                    || o.toString().isBlank()) {
                throw new Invalid("field '" + field + "' must be a list of names, not '" + o + "'");
            }
            out.add(o.toString().strip());
        }
        return out;
    }

    /** Fails unless {@code name} is a valid definition name equal to its file name. */
    public static void checkName(String name, String fileName) {
        if (!NAME.matcher(name).matches()) {
            throw new Invalid(
                    "name '" + name + "' must be lower case letters, digits and _ (2-63, starting with a letter)");
        }
        if (!name.equals(fileName)) {
            throw new Invalid("name '" + name + "' differs from its file name " + fileName + ".yaml");
        }
    }

    /** Fails unless {@code predicate} is at most one SQL expression (no ';'). */
    public static void checkPredicate(String field, String predicate) {
        if (predicate != null && predicate.contains(";")) {
            throw new Invalid("the " + field + " must be one SQL boolean expression (no ';')");
        }
    }
}
