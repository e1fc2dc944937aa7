package org.civicinsights.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few calls of the Flink JobManager's REST API the stack needs: the cluster overview, the
 * registered TaskManagers, the jobs and their state, and cancelling a job. Empty answers mean the
 * JobManager did not answer.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** States after which a job does nothing any more. */
    private static final List<String> TERMINAL = List.of("FINISHED", "CANCELED", "FAILED");

    private final String baseUrl;

    public FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Overview(int taskmanagers, int slotsTotal, int slotsAvailable, int jobsRunning) {}

    /**
     * A TaskManager as the JobManager lists it. {@code path} (its RPC address) and {@code dataPort}
     * are chosen anew by every TaskManager process, while the id (resource id) stays the same.
     */
    public record TaskManager(String id, String path, int dataPort, int slots, int freeSlots) {
        /** The same process registered (not merely the same resource id). */
        public boolean sameProcessAs(TaskManager other) {
            return id.equals(other.id) && path.equals(other.path) && dataPort == other.dataPort;
        }
    }

    public record Job(String id, String name, String state) {
        public boolean terminal() {
            return TERMINAL.contains(state);
        }
    }

    /** A job with the state of each of its vertices (operator chains). */
    public record JobDetail(String id, String name, String state, List<String> vertexIds, List<String> vertexStates) {
        /** The job runs and every one of its tasks is deployed and running. */
        public boolean allRunning() {
            return state.equals("RUNNING")
                    && !vertexStates.isEmpty()
                    && vertexStates.stream().allMatch("RUNNING"::equals);
        }
    }

    public Optional<Overview> overview() {
        return get("/overview").map(FlinkRest::overview);
    }

    public Optional<List<TaskManager>> taskManagers() {
        return get("/taskmanagers").map(FlinkRest::taskManagers);
    }

    public Optional<List<Job>> jobs() {
        return get("/jobs/overview").map(FlinkRest::jobs);
    }

    public Optional<JobDetail> job(String id) {
        return get("/jobs/" + id).map(FlinkRest::jobDetail);
    }

    /** The TaskManagers running subtasks of one vertex of a job. */
    public Optional<List<String>> taskManagersOf(String jobId, String vertexId) {
        return get("/jobs/" + jobId + "/vertices/" + vertexId + "/taskmanagers").map(n -> {
            List<String> ids = new ArrayList<>();
            n.path("taskmanagers").forEach(t -> ids.add(t.path("taskmanager-id").asText()));
            return ids;
        });
    }

    /** The latest failure of a job, its first line only (for start-up error messages). */
    public Optional<String> latestFailure(String jobId) {
        return get("/jobs/" + jobId + "/exceptions").flatMap(FlinkRest::latestFailure);
    }

    /** Asks the JobManager to cancel a job; true if it accepted. */
    public boolean cancel(String jobId) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
                            .timeout(Duration.ofSeconds(5))
                            .method("PATCH", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<JsonNode> get(String path) {
        return Probes.httpGet(baseUrl + path).flatMap(body -> {
            try {
                return Optional.of(JSON.readTree(body));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    static Overview overview(JsonNode n) {
        return new Overview(
                n.path("taskmanagers").asInt(),
                n.path("slots-total").asInt(),
                n.path("slots-available").asInt(),
                n.path("jobs-running").asInt());
    }

    static List<TaskManager> taskManagers(JsonNode n) {
        List<TaskManager> out = new ArrayList<>();
        n.path("taskmanagers")
                .forEach(t -> out.add(new TaskManager(
                        t.path("id").asText(),
                        t.path("path").asText(),
                        t.path("dataPort").asInt(),
                        t.path("slotsNumber").asInt(),
                        t.path("freeSlots").asInt())));
        return out;
    }

    static List<Job> jobs(JsonNode n) {
        List<Job> out = new ArrayList<>();
        n.path("jobs")
                .forEach(j -> out.add(new Job(
                        j.path("jid").asText(),
                        j.path("name").asText(),
                        j.path("state").asText())));
        return out;
    }

    static JobDetail jobDetail(JsonNode n) {
        List<String> ids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        n.path("vertices").forEach(v -> {
            ids.add(v.path("id").asText());
            states.add(v.path("status").asText());
        });
        return new JobDetail(
                n.path("jid").asText(), n.path("name").asText(), n.path("state").asText(), ids, states);
    }

    static Optional<String> latestFailure(JsonNode n) {
        JsonNode entries = n.path("exceptionHistory").path("entries");
        String trace = entries.isArray() && !entries.isEmpty()
                ? entries.get(0).path("stacktrace").asText("")
                : n.path("root-exception").asText("");
        return trace.isBlank()
                ? Optional.empty()
                : Optional.of(trace.lines().findFirst().orElse(trace));
    }
}
