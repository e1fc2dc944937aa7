package org.civicinsights.cli.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spark's standalone Master ({@code org.apache.spark.deploy.master.Master}) on 127.0.0.1: the
 * cluster manager every batch job and outreach run is submitted to in the cluster topology. Its REST
 * submission server is off: `civic batch run` submits in client mode through the Master's RPC port.
 */
public final class SparkMaster extends SparkDaemon {
    public static final String NAME = "spark-master";

    public SparkMaster(StackLayout layout, StackSettings settings, SparkClusterSettings spark, EngineResolver engines) {
        super(NAME, layout, settings, spark, engines);
    }

    @Override
    public String endpoint() {
        return spark.masterUrl() + " (web UI " + spark.masterUiUrl() + ")";
    }

    @Override
    public void start() throws Exception {
        launch(
                "org.apache.spark.deploy.master.Master",
                // else it takes port 6066 for REST submissions, which nothing here uses
                List.of("-Dspark.master.rest.enabled=false"),
                List.of(
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(spark.masterPort()),
                        "--webui-port",
                        String.valueOf(spark.masterUiPort())));
    }

    /** Alive and leading: its web UI's JSON says ALIVE. */
    @Override
    public boolean healthy() {
        return process.running().isPresent()
                && masterStatus().map(SparkMasterStatus::alive).orElse(false);
    }

    /**
     * For `civic stack status`: {@code workers} (alive), {@code active_apps} and
     * {@code completed_apps}; empty when the Master does not answer.
     */
    public Optional<Map<String, Object>> summary() {
        return masterStatus().map(SparkMasterStatus::summary);
    }

    @Override
    public String url() {
        return spark.masterUrl();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>(summary().orElse(Map.of()));
        m.put("web_ui", spark.masterUiUrl());
        return m;
    }
}
