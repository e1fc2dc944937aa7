package org.civicinsights.ingestion;

/** Records could not be written by a {@link RecordSink}; the message says how many. */
public class RecordSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
