package org.civicinsights.batch.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of the persons being erased: their citizen keys, and the anonymous ids their own
 * identified events tie to them (one hop: an anonymous id is not followed to other citizens).
 * Personal data: never logged, never in a message.
 */
public record PersonKeys(List<String> citizenKeys, List<String> anonymousIds) {
    public PersonKeys {
        citizenKeys = List.copyOf(citizenKeys);
        anonymousIds = List.copyOf(anonymousIds);
    }

    /** Every key: a column that may hold either (a profile's person key) is matched against all. */
    public List<String> all() {
        List<String> all = new ArrayList<>(citizenKeys);
        anonymousIds.stream().filter(a -> !all.contains(a)).forEach(all::add);
        return all;
    }

    /** {@code text} with every key replaced by {@code [person key]}: for error messages that quote SQL. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String k : all()) {
            out = out.replace(k, "[person key]");
        }
        return out;
    }
}
