package org.civicinsights.batch.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.civicinsights.common.privacy.DataRegister.RetentionAction;

/**
 * What retention does to one table on one day: the rows whose age column is before the first kept
 * day ({@link RegisteredTable#keptFrom}) are deleted, or lose their person columns. Rows with a null
 * age column are kept (an open segment membership has no valid_to yet). Pure: builds SQL, runs nothing.
 *
 * @param table the register's name, {@code schema.table}
 * @param keptFrom the first Rome day kept
 */
public record RetentionRule(
        String table, RetentionAction action, String ageColumn, List<String> personColumns, LocalDate keptFrom) {

    public RetentionRule {
        personColumns = List.copyOf(personColumns);
    }

    /** The register's tables that have a retention, as rules for {@code today} (a Rome day). */
    public static List<RetentionRule> of(DataRegister register, LocalDate today) {
        return register.tables().stream()
                .map(t -> of(t, today))
                .flatMap(Optional::stream)
                .toList();
    }

    public static Optional<RetentionRule> of(RegisteredTable t, LocalDate today) {
        return t.keptFrom(today)
                .map(from -> new RetentionRule(t.name(), t.retentionAction(), t.ageColumn(), t.personColumns(), from));
    }

    /**
     * The first instant kept for a timestamp column: the start of {@link #keptFrom} in Rome (instants
     * are stored in UTC, reporting days are Rome days; 23:00 or 22:00 UTC the day before).
     */
    public Instant keptFromInstant() {
        return keptFrom.atStartOfDay(RomeTime.ZONE).toInstant();
    }

    /**
     * SQL: the expired rows, comparing a timestamp column with {@link #keptFromInstant()} and a date
     * column with {@link #keptFrom}. A null age column is not expired (the comparison is not true).
     */
    public String expired(boolean timestampColumn) {
        String bound = timestampColumn ? "TIMESTAMP '" + keptFromInstant() + "'" : "DATE '" + keptFrom + "'";
        String where = "`" + ageColumn + "` < " + bound;
        // an anonymised row stays expired: only rows that still name a person are touched again
        return action == RetentionAction.ANONYMISE ? where + " AND (" + anyPerson() + ")" : where;
    }

    /** SQL: the SET list that removes the person from a row. */
    public String anonymise() {
        return personColumns.stream().map(c -> "`" + c + "` = NULL").collect(Collectors.joining(", "));
    }

    private String anyPerson() {
        return personColumns.stream().map(c -> "`" + c + "` IS NOT NULL").collect(Collectors.joining(" OR "));
    }
}
