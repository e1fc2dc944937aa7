package org.civicinsights.batch.segments;

import java.time.LocalDate;

/**
 * A segment as its owner declared it: a SQL predicate over the profile (alias {@code p}) and the
 * related views (see docs/data-dictionary.md, Segments), evaluated for each date.
 *
 * @param source where it was read from (a file), for error messages
 */
public record SegmentDefinition(String name, String description, String owner, String predicate, String source) {

    /** The predicate with {@code ${as_of_date}} replaced by the run date as a SQL date literal. */
    public String predicateFor(LocalDate date) {
        return predicate.replace("${as_of_date}", "DATE '" + date + "'");
    }
}
