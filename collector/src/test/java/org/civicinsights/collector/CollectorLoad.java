package org.civicinsights.collector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for the collector (a benchmark, not a test): closed loop, N client threads each
 * posting one request at a time for a fixed duration, after a warm-up. Prints requests/s, events/s
 * and latency percentiles of the measured phase. Run it from a second process, against a collector
 * started with {@code java -jar collector/target/civic-collector.jar} and a real broker:
 *
 * <pre>
 * java -cp collector/target/test-classes org.civicinsights.collector.CollectorLoad \
 *   --url http://127.0.0.1:8088/v1/events --events-per-request 100 --concurrency 16 --warmup-s 10 --duration-s 30
 * </pre>
 *
 * Loopback only, bounded by {@code --duration-s} and {@code --max-requests}.
 */
public final class CollectorLoad {
    private static final String[] TYPES = {
        "online_service_started", "online_service_completed", "knowledge_article_viewed"
    };
    private static final String[] CHANNELS = {"portal", "app_io", "chatbot"};
    private static final String[] SERVICES = {"ANAG-CERT", "TARI", "SEGN-BUCHE", "MOB-PERM", "SCUOLA-ISCR"};

    private CollectorLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI url = URI.create(a.getOrDefault("url", "http://127.0.0.1:8088/v1/events"));
        if (!(url.getHost().equals("127.0.0.1")
                || url.getHost().equals("localhost")
                || url.getHost().equals("::1"))) {
            throw new IllegalArgumentException("loopback only: " + url);
        }
        int perRequest = Integer.parseInt(a.getOrDefault("events-per-request", "1"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "16"));
        long warmupMs = Long.parseLong(a.getOrDefault("warmup-s", "10")) * 1000;
        long durationMs = Math.min(Long.parseLong(a.getOrDefault("duration-s", "30")) * 1000, 600_000);
        int maxRequests = Integer.parseInt(a.getOrDefault("max-requests", "5000000"));
        double invalidShare = Double.parseDouble(a.getOrDefault("invalid-share", "0.0"));

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long start = System.nanoTime();
        long measureFrom = start + warmupMs * 1_000_000;
        long end = measureFrom + durationMs * 1_000_000;
        AtomicLong issued = new AtomicLong();
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        Map<Integer, AtomicLong> statuses = new TreeMap<>();
        for (int s : new int[] {202, 400, 413, 503, 0}) {
            statuses.put(s, new AtomicLong());
        }
        AtomicLong accepted = new AtomicLong();
        Thread[] threads = new Thread[concurrency];
        for (int t = 0; t < concurrency; t++) {
            int me = t;
            latencies[t] = new long[1 << 16];
            threads[t] = new Thread(
                    () -> {
                        while (System.nanoTime() < end && issued.incrementAndGet() <= maxRequests) {
                            String body = body(perRequest, invalidShare);
                            HttpRequest req = HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build();
                            long t0 = System.nanoTime();
                            int status;
                            String response = "";
                            try {
                                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                                status = r.statusCode();
                                response = r.body();
                            } catch (Exception e) {
                                status = 0;
                            }
                            long t1 = System.nanoTime();
                            if (t0 >= measureFrom && t1 <= end) {
                                statuses.computeIfAbsent(status, x -> new AtomicLong())
                                        .incrementAndGet();
                                if (status == 202) {
                                    accepted.addAndGet(acceptedCount(response));
                                }
                                if (counts[me] == latencies[me].length) {
                                    latencies[me] = Arrays.copyOf(latencies[me], latencies[me].length * 2);
                                }
                                latencies[me][counts[me]++] = t1 - t0;
                            }
                        }
                    },
                    "load-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies[t], 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        double seconds = durationMs / 1000.0;
        System.out.printf(
                "url %s, %d event(s) per request, %d client threads, warm-up %d s, measured %.0f s%n",
                url, perRequest, concurrency, warmupMs / 1000, seconds);
        System.out.printf("requests %d (%.0f/s), statuses %s%n", total, total / seconds, nonZero(statuses));
        System.out.printf("events accepted %d (%.0f/s)%n", accepted.get(), accepted.get() / seconds);
        if (total > 0) {
            System.out.printf(
                    "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                    pct(all, 50), pct(all, 90), pct(all, 99), all[all.length - 1] / 1e6);
        }
    }

    private static Map<Integer, Long> nonZero(Map<Integer, AtomicLong> m) {
        Map<Integer, Long> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (v.get() > 0) {
                out.put(k, v.get());
            }
        });
        return out;
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** The "accepted" count of a 202 answer, without a JSON library. */
    private static long acceptedCount(String response) {
        int i = response.indexOf("\"accepted\":");
        if (i < 0) {
            return 0;
        }
        int j = i + 11;
        int e = j;
        while (e < response.length() && Character.isDigit(response.charAt(e))) {
            e++;
        }
        return Long.parseLong(response.substring(j, e));
    }

    private static String body(int n, double invalidShare) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String time = OffsetDateTime.now(ZoneOffset.UTC)
                .minusMinutes(r.nextInt(60))
                .withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        StringBuilder sb = new StringBuilder(n * 330 + 2);
        if (n > 1) {
            sb.append('[');
        }
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            sb.append(i == 0 ? "" : ",")
                    .append("{\"schema_version\":1,\"event_id\":\"")
                    .append(id)
                    .append("\",\"event_type\":\"")
                    .append(TYPES[r.nextInt(TYPES.length)])
                    .append("\",\"event_time\":\"")
                    .append(time)
                    .append("\",\"channel\":\"")
                    .append(CHANNELS[r.nextInt(CHANNELS.length)])
                    .append("\",\"service_code\":\"")
                    .append(SERVICES[r.nextInt(SERVICES.length)])
                    .append("\",\"municipio\":")
                    .append(invalidShare > 0 && r.nextDouble() < invalidShare ? 99 : 1 + r.nextInt(15))
                    .append(",\"anonymous_id\":\"web-")
                    .append(id, 0, 8)
                    .append("\",\"language\":\"it\",\"handle_seconds\":")
                    .append(r.nextInt(900))
                    .append(",\"source_system\":\"portale\"}");
        }
        if (n > 1) {
            sb.append(']');
        }
        return sb.toString();
    }
}
