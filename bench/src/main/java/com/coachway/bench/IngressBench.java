package com.coachway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts N CloudEvents to a running hub with K concurrent clients and prints accepted events per second and latency
 * percentiles. Each event is about 1 KB, like the PerfTest messages it is compared with. With {@code -Dbatch=B}
 * the events go B to a request as {@code application/cloudevents-batch+json} (latencies are then per request).
 *
 * <pre>java [-Dbatch=B] -cp bench/target/classes com.coachway.bench.IngressBench URL API_KEY N K [WARMUP]</pre>
 */
public final class IngressBench {

    private static final int BATCH = Integer.getInteger("batch", 1);

    private IngressBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String apiKey = args[1];
        int events = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : Math.min(2000, events / 5);

        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(clients))
                .build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        System.out.printf("warming up with %d events...%n", warmup);
        post(http, url, apiKey, "warm-" + run, warmup, clients);
        System.out.printf("posting %d events with %d concurrent clients, %d to a request...%n", events, clients,
                BATCH);
        Result result = post(http, url, apiKey, "bench-" + run, events, clients);

        long[] sorted = result.latenciesNanos().clone();
        Arrays.sort(sorted);
        double seconds = result.elapsedNanos() / 1e9;
        System.out.printf("RESULT hub.batch=%d hub.accepted=%d hub.other=%s hub.seconds=%.2f hub.events_per_s=%.1f "
                + "hub.p50_ms=%.2f hub.p99_ms=%.2f hub.max_ms=%.2f%n", BATCH, result.accepted(),
                result.otherStatuses(), seconds, result.accepted() / seconds, percentile(sorted, 50), percentile(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
        System.exit(0);
    }

    private static Result post(HttpClient http, String url, String apiKey, String prefix, int events, int clients)
            throws InterruptedException {
        String padding = "x".repeat(520);
        int requests = (events + BATCH - 1) / BATCH;
        long[] latencies = new long[requests];
        AtomicInteger accepted = new AtomicInteger();
        Map<Integer, Integer> other = new TreeMap<>();
        long start = System.nanoTime();
        Clients.run(clients, requests, r -> {
            StringBuilder body = new StringBuilder(BATCH == 1 ? "" : "[");
            for (int i = r * BATCH; i < Math.min(events, (r + 1) * BATCH); i++) {
                body.append(i == r * BATCH ? "" : ",").append("""
                        {"specversion":"1.0","id":"%s-%d","source":"bench","type":"trip.reminder",
                         "time":"2026-03-01T10:00:00Z","subject":"charter/%d","datacontenttype":"application/json",
                         "data":{"charter_id":%d,"client":{"name":"Bench Client","phone":"+15555550100",
                         "email":"bench@example.com"},"trip":{"date":"%s","pickup_time":"08:30",
                         "pickup":"Boston South Station"},"driver":{"name":"Dave","phone":"+1 555 555 0188"},
                         "note":"%s"}}""".formatted(prefix, i, i, i, TripDates.UPCOMING, padding));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", BATCH == 1 ? "application/cloudevents+json"
                            : "application/cloudevents-batch+json")
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(BATCH == 1 ? body.toString() : body + "]"))
                    .build();
            long sent = System.nanoTime();
            int status;
            String reply = "";
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                reply = response.body();
            } catch (Exception e) {
                status = -1;
            }
            latencies[r] = System.nanoTime() - sent;
            if (status == 202) {
                accepted.incrementAndGet();
            } else if (status == 207) {
                accepted.addAndGet(reply.split("\"status\":\"accepted\"", -1).length - 1);
            } else {
                synchronized (other) {
                    other.merge(status, 1, Integer::sum);
                }
            }
        });
        return new Result(accepted.get(), other, System.nanoTime() - start, latencies);
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private record Result(int accepted, Map<Integer, Integer> otherStatuses, long elapsedNanos,
            long[] latenciesNanos) {
    }
}
