package org.civicinsights.common.calendar;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A public holiday on a given date, with its Italian name (e.g. "Lunedì dell'Angelo").
 * Two holidays may share a date (Easter Monday 2011 was also 25 April).
 */
public record Holiday(LocalDate date, String name) implements Serializable {
    public Holiday {
        Objects.requireNonNull(date, "date");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("holiday on " + date + " needs a name");
        }
    }
}
