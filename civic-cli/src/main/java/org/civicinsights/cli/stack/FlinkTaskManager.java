package org.civicinsights.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One TaskManager of the Flink session cluster (Flink's own TaskManagerRunner), registered with
 * the JobManager under its service name as resource id, so its health is read from the JobManager.
 */
public final class FlinkTaskManager extends ManagedService {
    private final EngineResolver engines;
    private final FlinkJobManager jobManager;
    /**
     * The registration the JobManager still listed when this object started the process: after a
     * SIGKILL it keeps the dead process under the same resource id until its heartbeat times out.
     */
    private volatile Optional<FlinkRest.TaskManager> before = Optional.empty();

    public FlinkTaskManager(
            int number,
            StackLayout layout,
            StackSettings settings,
            EngineResolver engines,
            FlinkJobManager jobManager) {
        super("flink-tm-" + number, layout, settings);
        this.engines = engines;
        this.jobManager = jobManager;
    }

    @Override
    public String endpoint() {
        FlinkClusterConfig.TaskManagerMemory memory = FlinkClusterConfig.TaskManagerMemory.DEFAULT;
        return settings.cluster().flinkSlots() + " slots, heap " + memory.heapMb() + " MB, at most "
                + memory.processMb() + " MB; registered with "
                + settings.cluster().localFlinkRestUrl();
    }

    @Override
    public String url() {
        return settings.cluster().localFlinkRestUrl() + "/taskmanagers/" + name();
    }

    @Override
    public void start() throws Exception {
        before = registration();
        String classpath = engines.classpath("flink-cluster");
        Path conf = FlinkClusterConfig.write(layout, settings.cluster());
        List<String> cmd = new ArrayList<>(List.of(StackService.javaBinary(), process.marker()));
        cmd.addAll(FlinkClusterConfig.commonJvmOptions(conf, "log4j-console.properties"));
        cmd.addAll(FlinkClusterConfig.TaskManagerMemory.DEFAULT.jvmOptions());
        cmd.addAll(List.of(
                "-Dlog.file=" + process.logFile().toAbsolutePath(),
                "-cp",
                classpath,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "--configDir",
                conf.toString(),
                "-D",
                "taskmanager.resource-id=" + name()));
        process.start(cmd, FlinkClusterConfig.environment(layout), layout.flinkDir());
    }

    private Optional<FlinkRest.TaskManager> registration() {
        return jobManager
                .rest()
                .taskManagers()
                .flatMap(tms -> tms.stream().filter(t -> t.id().equals(name())).findFirst());
    }

    /** Alive and registered with the JobManager, its slots offered, by this process. */
    @Override
    public boolean healthy() {
        return process.running().isPresent() && registeredAnew(registration(), before);
    }

    /** Registered, and not merely still listed from the process before this start. */
    static boolean registeredAnew(Optional<FlinkRest.TaskManager> now, Optional<FlinkRest.TaskManager> before) {
        return now.isPresent() && before.map(b -> !now.get().sameProcessAs(b)).orElse(true);
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        registration().ifPresent(t -> {
            m.put("slots", t.slots());
            m.put("free_slots", t.freeSlots());
        });
        return m;
    }
}
