package org.civicinsights.batch;

import org.apache.spark.sql.types.StructType;

/**
 * A table a job writes: its name in the lake ({@code namespace.table}), its columns and its Spark
 * partition clause (such as {@code "(as_of_date)"}, or null). The runner creates it before any job
 * runs, so a job may read another job's table before that job ever ran (empty, not missing).
 */
public record TableSpec(String name, StructType schema, String partitionedBy) {
    public TableSpec {
        if (!name.matches("[a-z_]+\\.[a-z_]+")) {
            throw new IllegalArgumentException("table name " + name + " is not namespace.table");
        }
    }

    public static TableSpec of(String name, StructType schema, String partitionedBy) {
        return new TableSpec(name, schema, partitionedBy);
    }

    /** A table whose columns are given as Spark DDL ({@code "a string, b int"}). */
    public static TableSpec ofDdl(String name, String columns, String partitionedBy) {
        return new TableSpec(name, StructType.fromDDL(columns), partitionedBy);
    }
}
