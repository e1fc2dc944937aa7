package org.civicinsights.ingestion.importer;

/**
 * A source row (or one of its events) cannot be mapped. Control flow inside the importer: it
 * becomes a {@link org.civicinsights.common.event.ProducerRejection}, never escapes
 * {@link Importer#importFile}.
 */
final class RowRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    RowRejected(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    String detail() {
        return getMessage();
    }
}
