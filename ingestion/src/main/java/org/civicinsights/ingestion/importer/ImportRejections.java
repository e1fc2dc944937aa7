package org.civicinsights.ingestion.importer;

import java.util.List;

/**
 * Reason codes of the {@link org.civicinsights.common.event.ProducerRejection}s an import sends
 * (documented in docs/importers.md). A <em>row</em> reason means the whole row produced no event;
 * an <em>event</em> reason means one later event of the row (its closing or status change) could
 * not be produced while its {@code case_opened} was kept.
 */
public final class ImportRejections {
    /**
     * Row: a CSV row with another number of fields than the header, a JSON element that is not an
     * object, a record with bytes not valid in the mapping's charset; a broken CSV record (lines the
     * reader cannot read as a record: a quote never closed, a character after a closing quote, a
     * record over several lines with another number of fields), one rejection per broken record with
     * its line numbers and the reason, reading going on at the next record; or the unreadable rest of
     * a file (broken JSON, an I/O failure), reading stopping there.
     */
    public static final String MALFORMED_RECORD = "malformed_record";
    /** Row: the record id column is blank. */
    public static final String MISSING_RECORD_ID = "missing_record_id";
    /** Row: the opened time (cases) or call start (calls) is blank. */
    public static final String MISSING_TIME = "missing_time";
    /** Row or event: a time matches none of the mapping's patterns. */
    public static final String UNPARSEABLE_TIME = "unparseable_time";
    /** Row or event: a time before 2000-01-01 or more than 24 h after the import's clock, which the contract refuses. */
    public static final String TIME_OUT_OF_RANGE = "time_out_of_range";
    /** Row: a status listed in no category and the mapping has no {@code status.default}. */
    public static final String UNKNOWN_STATUS = "unknown_status";
    /** Row: a required lookup (channel) has a blank value and no default. */
    public static final String MISSING_VALUE = "missing_value";
    /** Row: a value is not in a lookup's {@code values} and the lookup has no default. */
    public static final String UNMAPPED_VALUE = "unmapped_value";
    /** Row: a coordinate, municipio, number of seconds... that is not a valid value. */
    public static final String INVALID_VALUE = "invalid_value";
    /** Row: no identity template could be filled (every template refers to a blank column). */
    public static final String MISSING_IDENTITY = "missing_identity";
    /** Event: the close time is earlier than the open time; the case_opened is kept. */
    public static final String CLOSED_BEFORE_OPENED = "closed_before_opened";
    /** Event: the status means closed or cancelled but the row has no close time; the case_opened is kept. */
    public static final String MISSING_CLOSE_TIME = "missing_close_time";
    /** Event: the update time of an in-progress status is earlier than the open time; the case_opened is kept. */
    public static final String UPDATED_BEFORE_OPENED = "updated_before_opened";
    /** Row or event: the event built breaks contract v1 (InteractionEventCodec); the detail has the contract's reason. */
    public static final String INVALID_EVENT = "invalid_event";

    /** Every reason, in the order of docs/importers.md. */
    public static final List<String> ALL = List.of(
            MALFORMED_RECORD,
            MISSING_RECORD_ID,
            MISSING_TIME,
            UNPARSEABLE_TIME,
            TIME_OUT_OF_RANGE,
            UNKNOWN_STATUS,
            MISSING_VALUE,
            UNMAPPED_VALUE,
            INVALID_VALUE,
            MISSING_IDENTITY,
            CLOSED_BEFORE_OPENED,
            MISSING_CLOSE_TIME,
            UPDATED_BEFORE_OPENED,
            INVALID_EVENT);

    private ImportRejections() {}
}
