package org.civicinsights.ingestion.importer;

/**
 * The rest of a source file cannot be read: the file cannot be read any more (an I/O failure), or
 * JSON breaks off (an Open311 array is not cut into records the way CSV is). The importer turns it
 * into one {@code malformed_record} rejection and stops; {@link ImportSummary#complete()} is then
 * false. A broken CSV record (a quote never closed, a character after a closing quote) is not one:
 * the CSV reader steps over its lines and returns it as a {@link SourceRecord#broken() broken}
 * record, and reading goes on.
 */
final class SourceReadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long row;

    SourceReadException(long row, String message, Throwable cause) {
        super(message, cause);
        this.row = row;
    }

    /** The row that could not be read (1-based). */
    long row() {
        return row;
    }
}
