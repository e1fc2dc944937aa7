package org.civicinsights.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JobManager of the Flink standalone session cluster (Flink's own
 * StandaloneSessionClusterEntrypoint): the REST endpoint jobs are submitted to, the web UI, the
 * scheduler and the checkpoint coordinator.
 */
public final class FlinkJobManager extends ManagedService {
    private final EngineResolver engines;

    public FlinkJobManager(StackLayout layout, StackSettings settings, EngineResolver engines) {
        super("flink-jm", layout, settings);
        this.engines = engines;
    }

    public FlinkRest rest() {
        return new FlinkRest(settings.cluster().localFlinkRestUrl());
    }

    @Override
    public String endpoint() {
        return settings.cluster().localFlinkRestUrl() + " (REST and web UI; RPC 127.0.0.1:"
                + settings.cluster().flinkRpcPort() + ")";
    }

    @Override
    public String url() {
        return settings.cluster().localFlinkRestUrl();
    }

    @Override
    public void start() throws Exception {
        String classpath = engines.classpath("flink-cluster");
        Path conf = FlinkClusterConfig.write(layout, settings.cluster());
        List<String> cmd = new ArrayList<>(List.of(StackService.javaBinary(), process.marker()));
        cmd.addAll(FlinkClusterConfig.commonJvmOptions(conf, "log4j-console.properties"));
        cmd.addAll(FlinkClusterConfig.jobManagerJvmOptions());
        cmd.addAll(List.of(
                "-Dlog.file=" + process.logFile().toAbsolutePath(),
                "-cp",
                classpath,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "--configDir",
                conf.toString()));
        process.start(cmd, FlinkClusterConfig.environment(layout), layout.flinkDir());
    }

    /** Its REST API answers (TaskManagers register with it afterwards, each is a service of its own). */
    @Override
    public boolean healthy() {
        return rest().overview().isPresent();
    }

    /** TaskManagers registered, task slots, running jobs. */
    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<FlinkRest.Overview> o = rest().overview();
        if (o.isPresent()) {
            m.put("taskmanagers", o.get().taskmanagers());
            m.put("slots_total", o.get().slotsTotal());
            m.put("slots_available", o.get().slotsAvailable());
            m.put("running_jobs", o.get().jobsRunning());
            rest().jobs()
                    .ifPresent(jobs -> m.put(
                            "jobs",
                            jobs.stream()
                                    .filter(j -> !j.terminal())
                                    .map(j -> Map.of("id", j.id(), "name", j.name(), "state", j.state()))
                                    .toList()));
        }
        return m;
    }
}
