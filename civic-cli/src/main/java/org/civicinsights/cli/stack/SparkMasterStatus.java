package org.civicinsights.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Spark standalone Master says about its cluster on its web UI's {@code /json/}: its own
 * state, the workers and the applications.
 */
public record SparkMasterStatus(
        String url,
        String status,
        List<Worker> workers,
        List<Application> activeApps,
        List<Application> completedApps) {

    /** A worker as the Master sees it; {@code state} ALIVE once registered and heart-beating. */
    public record Worker(String id, String webUiAddress, int cores, int memoryMb, String state) {
        public boolean alive() {
            return "ALIVE".equals(state);
        }
    }

    /** An application (one spark-submit); a completed one is FINISHED, FAILED or KILLED. */
    public record Application(String id, String name, String state, long durationMs) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static SparkMasterStatus parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not the Spark Master's JSON status: " + e.getMessage(), e);
        }
        if (root == null || !root.has("status")) {
            throw new IllegalArgumentException("not the Spark Master's JSON status (no 'status')");
        }
        List<Worker> workers = new ArrayList<>();
        for (JsonNode w : root.path("workers")) {
            workers.add(new Worker(
                    w.path("id").asText(),
                    w.path("webuiaddress").asText(),
                    w.path("cores").asInt(),
                    w.path("memory").asInt(),
                    w.path("state").asText()));
        }
        return new SparkMasterStatus(
                root.path("url").asText(),
                root.path("status").asText(),
                List.copyOf(workers),
                apps(root.path("activeapps")),
                apps(root.path("completedapps")));
    }

    private static List<Application> apps(JsonNode list) {
        List<Application> apps = new ArrayList<>();
        for (JsonNode a : list) {
            apps.add(new Application(
                    a.path("id").asText(),
                    a.path("name").asText(),
                    a.path("state").asText(),
                    a.path("duration").asLong()));
        }
        return List.copyOf(apps);
    }

    /** The Master itself is up and leading (not STANDBY or RECOVERING). */
    public boolean alive() {
        return "ALIVE".equals(status);
    }

    public long aliveWorkers() {
        return workers.stream().filter(Worker::alive).count();
    }

    /** An ALIVE worker whose web UI listens on this port: the one the stack started. */
    public boolean workerAlive(int webUiPort) {
        return workers.stream().anyMatch(w -> w.alive() && w.webUiAddress().endsWith(":" + webUiPort));
    }

    /** The figures `civic stack status` shows for the Master (also its JSON format's fields). */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", aliveWorkers());
        m.put("active_apps", activeApps.size());
        m.put("completed_apps", completedApps.size());
        return m;
    }
}
