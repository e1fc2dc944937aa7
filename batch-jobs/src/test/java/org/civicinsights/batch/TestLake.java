package org.civicinsights.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.common.config.CivicConfig;

/**
 * A real Iceberg lake for the Spark job tests: a file-system catalog in a temporary folder,
 * Spark in local mode, the raw and ref namespaces ready for each test's fixture tables.
 */
final class TestLake {
    private TestLake() {}

    static Path newWarehouse(String name) throws IOException {
        return Files.createTempDirectory(name);
    }

    static BatchSettings settings(Path warehouse, String job, String date) {
        return BatchSettings.from(CivicConfig.of(Map.of(
                "job",
                job,
                "date",
                date,
                "catalog.type",
                "hadoop",
                "catalog.warehouse",
                warehouse.toUri().toString(),
                "spark.master",
                "local[2]",
                "batch.shuffle-partitions",
                "2")));
    }

    static SparkSession open(Path warehouse, String appName) {
        SparkSession spark = LakeSession.open(settings(warehouse, "all", "2026-01-01"), appName);
        spark.sparkContext().setLogLevel("WARN");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.raw");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.ref");
        // what the runner does before any job runs: tests that call a job directly find its tables
        BatchJobs.ensureTables(spark, settings(warehouse, "all", "2026-01-01"));
        return spark;
    }
}
