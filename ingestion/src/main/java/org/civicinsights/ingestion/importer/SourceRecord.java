package org.civicinsights.ingestion.importer;

import java.util.Set;

/** One record of a source file: a CSV row or one object of an Open311 {@code requests.json} array. */
public interface SourceRecord {

    /** 1-based position among the file's records (the CSV header is not counted). */
    long row();

    /** The value of a column (CSV) or field (JSON) as text; null when absent or JSON null. */
    String get(String column);

    /**
     * Why the record is unusable as a whole (a CSV row with another number of fields than the
     * header, a broken CSV record, a JSON element that is not an object, bytes not valid in the
     * mapping's charset), or null when it is fine.
     */
    String malformed();

    /**
     * True for a broken CSV record: physical lines the CSV reader could not read as a record (a quote
     * never closed, a character after a closing quote...), stepped over so that reading goes on at the
     * next record. Its {@link #malformed()} says which lines and why; it has no columns.
     */
    default boolean broken() {
        return false;
    }

    /**
     * The record as text for a rejection's {@code raw_payload}: the CSV row re-quoted with the
     * mapping's delimiter, or the JSON object; the values of the {@code redacted} columns are
     * replaced by {@code <redacted>}. A broken CSV record gives its lines as they are, or only
     * {@code <redacted>} when some column is redacted (its fields are not known).
     */
    String raw(Set<String> redacted);

    /** Placeholder for the values of redacted columns in raw payloads. */
    String REDACTED = "<redacted>";
}
