package org.civicinsights.ingestion.importer;

/**
 * The rest of a source file cannot be read: a quote never closed, bytes that are not in the
 * mapping's charset, JSON that breaks off. The importer turns it into one
 * {@code malformed_record} rejection and stops; {@link ImportSummary#complete()} is then false.
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
