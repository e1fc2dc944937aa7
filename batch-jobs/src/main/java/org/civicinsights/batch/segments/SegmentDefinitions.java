package org.civicinsights.batch.segments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads segment definitions: one YAML file per segment, either the defaults shipped in the job jar
 * ({@code segments/} with its {@code index.txt}) or every {@code *.yaml} of a directory
 * ({@code --segments.dir}). A file that cannot be used is returned as a {@link Loaded} with its
 * error, so the other segments still run and the broken one is named in the run's result. The
 * name must equal the file name, which makes names unique.
 */
public final class SegmentDefinitions {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,62}");
    static final List<String> FIELDS = List.of("name", "description", "owner", "predicate");

    /** A definition, or the name (file name without extension) and the reason it cannot be used. */
    public record Loaded(String name, SegmentDefinition definition, String error) {
        public boolean ok() {
            return definition != null;
        }
    }

    private SegmentDefinitions() {
    }

    /** The definitions of {@code dir}, or the bundled defaults when {@code dir} is null. */
    public static List<Loaded> load(String dir) {
        List<Loaded> out = new ArrayList<>();
        if (dir == null) {
            for (String name : bundledNames()) {
                String resource = "segments/" + name + ".yaml";
                out.add(parse(name, read(resource), "jar:" + resource));
            }
        } else {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException("segments.dir " + dir + " is not a directory");
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                    String name = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                    out.add(parse(name, Files.readString(f, StandardCharsets.UTF_8), f.toAbsolutePath().normalize().toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read segments.dir " + dir, e);
            }
        }
        return out;
    }

    static final String BUNDLED = "jar:segments";

    /** Where definitions are read from: the bundled defaults, or the absolute, normalised directory. */
    public static String location(String dir) {
        return dir == null ? BUNDLED : Path.of(dir).toAbsolutePath().normalize().toString();
    }

    /** The location a definition's source (as recorded in segment_runs) belongs to; null for none. */
    public static String locationOf(String source) {
        if (source == null) {
            return null;
        }
        if (source.startsWith(BUNDLED + "/")) {
            return BUNDLED;
        }
        Path parent = Path.of(source).toAbsolutePath().normalize().getParent();
        return parent == null ? null : parent.toString();
    }

    /** One definition from its YAML text; {@code fileName} is the file name without extension, which must be the segment's name. */
    public static Loaded parse(String fileName, String yaml, String source) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            return new Loaded(fileName, null, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(doc instanceof Map<?, ?> map)) {
            return new Loaded(fileName, null, "expected a mapping with " + new TreeSet<>(FIELDS));
        }
        Set<String> unknown = new TreeSet<>();
        map.keySet().forEach(k -> {
            if (!FIELDS.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        });
        if (!unknown.isEmpty()) {
            return new Loaded(fileName, null, "unknown field(s) " + unknown + "; the fields are " + new TreeSet<>(FIELDS));
        }
        Map<String, String> v = new HashMap<>();
        for (String field : FIELDS) {
            Object value = map.get(field);
            if (value == null || value.toString().isBlank()) {
                return new Loaded(fileName, null, "missing field '" + field + "'");
            }
            if (value instanceof Map || value instanceof List) {
                return new Loaded(fileName, null, "field '" + field + "' must be text, not a list or mapping");
            }
            v.put(field, value.toString().strip());
        }
        String name = v.get("name");
        if (!NAME.matcher(name).matches()) {
            return new Loaded(fileName, null, "name '" + name + "' must be lower case letters, digits and _ (2-63, starting with a letter)");
        }
        if (!name.equals(fileName)) {
            return new Loaded(fileName, null, "name '" + name + "' differs from its file name " + fileName + ".yaml");
        }
        if (v.get("predicate").contains(";")) {
            return new Loaded(name, null, "the predicate must be one SQL boolean expression (no ';')");
        }
        return new Loaded(name, new SegmentDefinition(name, v.get("description"), v.get("owner"), v.get("predicate"), source), null);
    }

    static List<String> bundledNames() {
        return read("segments/index.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String read(String resource) {
        try (InputStream in = SegmentDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the job jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
