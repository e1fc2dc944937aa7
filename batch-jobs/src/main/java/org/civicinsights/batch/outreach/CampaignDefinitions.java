package org.civicinsights.batch.outreach;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.civicinsights.batch.YamlDefinitions;
import org.civicinsights.batch.YamlDefinitions.Invalid;
import org.civicinsights.batch.activation.OutreachChannel;

/**
 * Reads campaign definitions: one YAML file per campaign, either the defaults shipped in the job jar
 * ({@code campaigns/} with its {@code index.txt}) or every {@code *.yaml} of a directory
 * ({@code campaigns.dir}). As for segments, a file that cannot be used is returned with its error
 * and the others still load; the name must equal the file name. The format is described in
 * docs/outreach.md.
 */
public final class CampaignDefinitions {
    static final String RESOURCES = "campaigns";
    static final List<String> FIELDS = List.of(
            "name",
            "version",
            "title",
            "description",
            "owner",
            "audience",
            "channels",
            "template",
            "priority",
            "valid_from",
            "valid_to",
            "cooldown_days",
            "max_audience");
    static final List<String> AUDIENCE_KEYS = List.of("segments", "predicate");
    static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /** A definition, or the name (file name without extension) and the reason it cannot be used. */
    public record Loaded(String name, CampaignDefinition definition, String error) {
        public boolean ok() {
            return definition != null;
        }
    }

    private CampaignDefinitions() {}

    /** The definitions of {@code dir}, or the bundled defaults when {@code dir} is null. */
    public static List<Loaded> load(String dir) {
        return YamlDefinitions.sources(RESOURCES, dir, "campaigns.dir").stream()
                .map(s -> parse(s.name(), s.text(), s.source()))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** Where definitions are read from: the bundled defaults, or the absolute, normalised directory. */
    public static String location(String dir) {
        return YamlDefinitions.location(RESOURCES, dir);
    }

    /**
     * {@code loaded} with each campaign that targets a segment outside {@code knownSegments} turned
     * into an error naming the unknown segments (a typo would otherwise give an empty audience).
     */
    public static List<Loaded> checkSegments(List<Loaded> loaded, Collection<String> knownSegments) {
        List<Loaded> out = new ArrayList<>();
        for (Loaded l : loaded) {
            if (l.ok()) {
                Set<String> unknown = new TreeSet<>(l.definition().segments());
                unknown.removeAll(knownSegments);
                if (!unknown.isEmpty()) {
                    out.add(new Loaded(
                            l.name(),
                            null,
                            "unknown segment(s) " + unknown + " in audience; the segments are "
                                    + new TreeSet<>(knownSegments)));
                    continue;
                }
            }
            out.add(l);
        }
        return out;
    }

    /** One definition from its YAML text; {@code fileName} is the file name without extension, which must be the campaign's name. */
    public static Loaded parse(String fileName, String yaml, String source) {
        try {
            Map<?, ?> map = YamlDefinitions.mapping(yaml, FIELDS);
            String name = YamlDefinitions.text(map, "name");
            YamlDefinitions.checkName(name, fileName);
            int version = YamlDefinitions.integer(map, "version", 1, null);
            String title = YamlDefinitions.optionalText(map, "title");
            String description = YamlDefinitions.text(map, "description");
            String owner = YamlDefinitions.text(map, "owner");
            Object audienceValue = map.get("audience");
            if (audienceValue == null) {
                throw new Invalid("missing field 'audience'");
            }
            if (!(audienceValue instanceof Map<?, ?> audience)) {
                throw new Invalid("field 'audience' must be a mapping with segments and/or predicate");
            }
            YamlDefinitions.checkKeys(audience, AUDIENCE_KEYS, "audience key(s)", "the audience keys are");
            List<String> segments = segments(audience);
            String predicate = YamlDefinitions.optionalText(audience, "predicate");
            YamlDefinitions.checkPredicate("audience predicate", predicate);
            if (segments.isEmpty() && predicate == null) {
                throw new Invalid("the audience needs segments, a predicate or both");
            }
            List<OutreachChannel> channels = channels(map);
            String template = YamlDefinitions.text(map, "template");
            if (!TEMPLATE.matcher(template).matches()) {
                throw new Invalid(
                        "template '" + template + "' must be an id: letters, digits, _ . - (no spaces, up to 100)");
            }
            int priority = YamlDefinitions.integer(map, "priority", 1, null);
            LocalDate validFrom = YamlDefinitions.date(map, "valid_from", true);
            LocalDate validTo = YamlDefinitions.date(map, "valid_to", false);
            if (validTo != null && validTo.isBefore(validFrom)) {
                throw new Invalid("valid_to " + validTo + " is before valid_from " + validFrom);
            }
            int cooldown = YamlDefinitions.integer(map, "cooldown_days", 0, CampaignDefinition.DEFAULT_COOLDOWN_DAYS);
            Integer maxAudience = YamlDefinitions.optionalInteger(map, "max_audience", 1);
            CampaignDefinition d = new CampaignDefinition(
                    name,
                    version,
                    title,
                    description,
                    owner,
                    segments,
                    predicate,
                    channels,
                    template,
                    priority,
                    validFrom,
                    validTo,
                    cooldown,
                    maxAudience,
                    source);
            return new Loaded(name, d, null);
        } catch (Invalid e) {
            return new Loaded(fileName, null, e.getMessage());
        }
    }

    private static List<String> segments(Map<?, ?> audience) {
        List<String> segments = YamlDefinitions.optionalTextList(audience, "segments");
        if (segments == null) {
            return List.of();
        }
        if (segments.isEmpty()) {
            throw new Invalid(
                    "audience segments is empty: name at least one segment, or leave it out and use a predicate");
        }
        for (String s : segments) {
            if (!YamlDefinitions.NAME.matcher(s).matches()) {
                throw new Invalid("audience segment '" + s + "' is not a segment name");
            }
        }
        if (new LinkedHashSet<>(segments).size() != segments.size()) {
            throw new Invalid("audience segments " + segments + " name a segment twice");
        }
        return segments;
    }

    private static List<OutreachChannel> channels(Map<?, ?> map) {
        List<String> wire = YamlDefinitions.optionalTextList(map, "channels");
        if (wire == null || wire.isEmpty()) {
            throw new Invalid("missing field 'channels' (a list in order of preference, from "
                    + OutreachChannel.wireNames() + ")");
        }
        List<OutreachChannel> channels = new ArrayList<>();
        for (String w : wire) {
            OutreachChannel c = OutreachChannel.fromWire(w);
            if (c == null) {
                throw new Invalid("unknown channel '" + w + "'; the channels are " + OutreachChannel.wireNames());
            }
            if (channels.contains(c)) {
                throw new Invalid("channel '" + w + "' is listed twice");
            }
            channels.add(c);
        }
        return channels;
    }
}
