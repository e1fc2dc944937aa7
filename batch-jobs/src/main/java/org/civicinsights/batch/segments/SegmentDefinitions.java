package org.civicinsights.batch.segments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.civicinsights.batch.YamlDefinitions;

/**
 * Reads segment definitions: one YAML file per segment, either the defaults shipped in the job jar
 * ({@code segments/} with its {@code index.txt}) or every {@code *.yaml} of a directory
 * ({@code --segments.dir}). A file that cannot be used is returned as a {@link Loaded} with its
 * error, so the other segments still run and the broken one is named in the run's result. The
 * name must equal the file name, which makes names unique.
 */
public final class SegmentDefinitions {
    static final List<String> FIELDS = List.of("name", "description", "owner", "predicate");

    /** A definition, or the name (file name without extension) and the reason it cannot be used. */
    public record Loaded(String name, SegmentDefinition definition, String error) {
        public boolean ok() {
            return definition != null;
        }
    }

    private SegmentDefinitions() {}

    /** The definitions of {@code dir}, or the bundled defaults when {@code dir} is null. */
    public static List<Loaded> load(String dir) {
        return YamlDefinitions.sources(RESOURCES, dir, "segments.dir").stream()
                .map(s -> parse(s.name(), s.text(), s.source()))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    static final String RESOURCES = "segments";

    /** Where definitions are read from: the bundled defaults, or the absolute, normalised directory. */
    public static String location(String dir) {
        return YamlDefinitions.location(RESOURCES, dir);
    }

    /** The location a definition's source (as recorded in segment_runs) belongs to; null for none. */
    public static String locationOf(String source) {
        return YamlDefinitions.locationOf(RESOURCES, source);
    }

    /** One definition from its YAML text; {@code fileName} is the file name without extension, which must be the segment's name. */
    public static Loaded parse(String fileName, String yaml, String source) {
        try {
            Map<?, ?> map = YamlDefinitions.mapping(yaml, FIELDS);
            Map<String, String> v = new HashMap<>();
            for (String field : FIELDS) {
                v.put(field, YamlDefinitions.text(map, field));
            }
            String name = v.get("name");
            YamlDefinitions.checkName(name, fileName);
            YamlDefinitions.checkPredicate("predicate", v.get("predicate"));
            return new Loaded(
                    name,
                    new SegmentDefinition(name, v.get("description"), v.get("owner"), v.get("predicate"), source),
                    null);
        } catch (YamlDefinitions.Invalid e) {
            return new Loaded(fileName, null, e.getMessage());
        }
    }
}
