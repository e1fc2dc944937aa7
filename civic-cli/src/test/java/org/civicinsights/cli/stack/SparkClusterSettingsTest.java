package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class SparkClusterSettingsTest {
    @Test
    void defaultsAreTheContractsAndEveryOneCanBeSet() {
        SparkClusterSettings d = SparkClusterSettings.from(CivicConfig.defaults());
        assertThat(d).isEqualTo(new SparkClusterSettings(7077, 8090, 8091, 1, "1g"));

        SparkClusterSettings s = SparkClusterSettings.from(CivicConfig.of(Map.of(
                "stack.spark-master-port", "17077",
                "stack.spark-master-ui-port", "18090",
                "stack.spark-worker-ui-port", "18091",
                "stack.spark-worker-cores", "2",
                "stack.spark-worker-memory", "768m")));
        assertThat(s.masterUrl()).isEqualTo("spark://127.0.0.1:17077");
        assertThat(s.masterUiUrl()).isEqualTo("http://127.0.0.1:18090");
        assertThat(s.workerUiUrl()).isEqualTo("http://127.0.0.1:18091");
        // what civic.properties gets, so later commands submit to this master and find this cluster
        assertThat(s.clientSettings())
                .containsEntry("spark.master", "spark://127.0.0.1:17077")
                .containsEntry("stack.spark-worker-cores", "2")
                .containsEntry("stack.spark-worker-memory", "768m");
        assertThat(SparkClusterSettings.from(CivicConfig.of(s.clientSettings())))
                .isEqualTo(s);
        StackLayout layout = new StackLayout(Path.of("/repo"), Path.of("/data"), Path.of("/cache"));
        assertThat(SparkClusterSettings.workDir(layout)).isEqualTo(Path.of("/data/spark/work"));
    }
}
