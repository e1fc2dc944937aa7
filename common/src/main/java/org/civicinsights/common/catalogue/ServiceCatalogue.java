package org.civicinsights.common.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.io.BundledResources;

/**
 * The versioned catalogue of city services ({@code catalogue/services.csv}): semicolon-separated,
 * header {@code service_code;name;area;deadline_days;deadline_kind;channels}, channels separated by
 * {@code |}. The first line {@code # version: N} names its version.
 */
public final class ServiceCatalogue {
    public static final String RESOURCE = "/catalogue/services.csv";
    private static final String HEADER = "service_code;name;area;deadline_days;deadline_kind;channels";

    private final int version;
    private final Map<String, CityService> byCode;

    private ServiceCatalogue(int version, Map<String, CityService> byCode) {
        this.version = version;
        this.byCode = byCode;
    }

    /** The catalogue shipped with this release. */
    public static ServiceCatalogue bundled() {
        return parse(BundledResources.text(RESOURCE));
    }

    /** Parses catalogue text; throws with the line number on any malformed line. */
    public static ServiceCatalogue parse(String text) {
        int version = -1;
        Map<String, CityService> services = new LinkedHashMap<>();
        boolean headerSeen = false;
        int lineNo = 0;
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    String c = line.substring(1).strip();
                    if (c.startsWith("version:")) {
                        version = Integer.parseInt(
                                c.substring("version:".length()).strip());
                    }
                    continue;
                }
                if (!headerSeen) {
                    if (!line.strip().equals(HEADER)) {
                        throw new IllegalArgumentException("line " + lineNo + ": expected header " + HEADER);
                    }
                    headerSeen = true;
                    continue;
                }
                CityService s = parseLine(line, lineNo);
                if (services.putIfAbsent(s.code(), s) != null) {
                    throw new IllegalArgumentException("line " + lineNo + ": duplicate service_code " + s.code());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (version < 0) {
            throw new IllegalArgumentException("service catalogue has no '# version: N' line");
        }
        return new ServiceCatalogue(version, Collections.unmodifiableMap(services));
    }

    private static CityService parseLine(String line, int lineNo) {
        String[] f = line.split(";", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("line " + lineNo + ": expected 6 fields, found " + f.length);
        }
        int days;
        try {
            days = Integer.parseInt(f[3].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNo + ": deadline_days is not a number");
        }
        boolean working = switch (f[4].strip()) {
            case "working" -> true;
            case "calendar" -> false;
            default ->
                throw new IllegalArgumentException("line " + lineNo + ": deadline_kind must be working or calendar");
        };
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String c : f[5].split("\\|")) {
            channels.add(Channel.fromWire(c.strip())
                    .orElseThrow(() -> new IllegalArgumentException("line " + lineNo + ": unknown channel " + c)));
        }
        return new CityService(
                f[0].strip(), f[1].strip(), f[2].strip(), days, working, Collections.unmodifiableSet(channels));
    }

    public int version() {
        return version;
    }

    public List<CityService> services() {
        return new ArrayList<>(byCode.values());
    }

    public Optional<CityService> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public int size() {
        return byCode.size();
    }
}
