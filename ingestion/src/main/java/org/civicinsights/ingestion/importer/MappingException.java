package org.civicinsights.ingestion.importer;

/**
 * A mapping file cannot be used: unknown mapping name, YAML error, unknown key, a service code not
 * in the catalogue, a column the source file does not have. The message names the mapping and the
 * key ({@code service.values.Buche}) at fault. An {@link IllegalArgumentException}, so the CLI
 * exits with code 2.
 */
public class MappingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
