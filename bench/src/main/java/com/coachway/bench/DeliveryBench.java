package com.coachway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * End-to-end delivery: posts N trip.reminder events (one SMS each) with K concurrent clients to a running hub and
 * measures, at a fake Twilio that answers at once, notifications per second and event-to-provider latency.
 *
 * <pre>
 * java -cp bench/target/classes com.coachway.bench.DeliveryBench fake PORT        (the fake Twilio, runs until killed)
 * java -cp bench/target/classes com.coachway.bench.DeliveryBench post URL KEY N K FAKE_URL [RATE]
 * </pre>
 * With RATE (events per second) the events are paced, to measure latency below saturation; without it they are
 * posted as fast as K clients can, to measure throughput.
 */
public final class DeliveryBench {

    private DeliveryBench() {
    }

    public static void main(String[] args) throws Exception {
        if ("fake".equals(args[0])) {
            fakeTwilio(Integer.parseInt(args[1]));
            return;
        }
        String url = args[1];
        String apiKey = args[2];
        int events = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        String fake = args[5];
        double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(clients)).build();
        int warmup = Math.min(500, events / 10);
        System.out.printf("warming up with %d events...%n", warmup);
        run(http, url, apiKey, fake, warmup, clients, 5_000_000, 0);
        System.out.printf("posting %d events with %d concurrent clients%s...%n", events, clients,
                rate > 0 ? " at " + rate + " events/s" : "");
        Result result = run(http, url, apiKey, fake, events, clients, 6_000_000, rate);
        long[] latencies = result.latencies();
        Arrays.sort(latencies);
        double seconds = result.elapsedNanos() / 1e9;
        System.out.printf("RESULT delivery.received=%d delivery.lost=%d delivery.seconds=%.2f "
                + "delivery.notifications_per_s=%.1f delivery.p50_ms=%.1f delivery.p99_ms=%.1f delivery.max_ms=%.1f%n",
                result.received(), events - result.received(), seconds, result.received() / seconds,
                percentile(latencies, 50), percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        System.exit(0);
    }

    private static Result run(HttpClient http, String url, String apiKey, String fake, int events, int clients,
            int firstPhone, double rate) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long[] posted = new long[events];
        long start = epochNanos();
        Clients.run(clients, events, i -> {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - epochNanos();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            String body = """
                    {"specversion":"1.0","id":"%s-%d","source":"bench","type":"trip.reminder",
                     "data":{"charter_id":%d,"trip":{"date":"2026-06-12","pickup_time":"08:30",
                     "pickup":"Boston South Station"},"driver":{"name":"Dave","phone":"+1 555 555 0188"},
                     "client":{"name":"Bench","phone":"+1555%07d"}}}""".formatted(run, i, i, firstPhone + i);
            posted[i] = epochNanos();
            try {
                http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/cloudevents+json")
                        .header("Authorization", "Bearer " + apiKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // counted as lost below
            }
        });
        // wait for the fake to have seen every number of this run (or give up after 60 s of silence)
        Map<Integer, Long> seen = Map.of();
        long lastProgress = System.nanoTime();
        int lastCount = -1;
        while (System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(60)) {
            seen = received(http, fake, firstPhone, events);
            if (seen.size() == events) {
                break;
            }
            if (seen.size() != lastCount) {
                lastCount = seen.size();
                lastProgress = System.nanoTime();
            }
            Thread.sleep(200);
        }
        long end = seen.values().stream().mapToLong(Long::longValue).max().orElse(epochNanos());
        long[] latencies = new long[seen.size()];
        int k = 0;
        for (Map.Entry<Integer, Long> entry : seen.entrySet()) {
            latencies[k++] = entry.getValue() - posted[entry.getKey()];
        }
        return new Result(seen.size(), end - start, latencies);
    }

    /** Arrival times at the fake (wall clock, same machine) of this run's phone numbers. */
    static Map<Integer, Long> received(HttpClient http, String fake, int firstPhone, int events)
            throws Exception {
        String dump = http.send(HttpRequest.newBuilder(URI.create(fake + "/arrivals")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<Integer, Long> seen = new ConcurrentHashMap<>();
        for (String line : dump.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 2) {
                int index = Integer.parseInt(parts[0].substring(5)) - firstPhone;
                if (index >= 0 && index < events) {
                    seen.merge(index, Long.parseLong(parts[1]), Math::min);
                }
            }
        }
        return seen;
    }

    /** A Twilio that says yes at once, and remembers when each number arrived. */
    private static void fakeTwilio(int port) throws IOException {
        // without TCP_NODELAY the JDK server's split writes meet the client's delayed ACK: 40 ms per answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        AtomicInteger sids = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.createContext("/2010-04-01/", exchange -> {
            long now = epochNanos();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String pair : body.split("&")) {
                if (pair.startsWith("To=")) {
                    arrivals.putIfAbsent(URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8), now);
                }
            }
            byte[] answer = ("{\"sid\":\"SM" + String.format("%032d", sids.incrementAndGet())
                    + "\",\"status\":\"queued\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/arrivals", exchange -> {
            StringBuilder out = new StringBuilder();
            arrivals.forEach((to, at) -> out.append(to).append(' ').append(at).append('\n'));
            byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        System.out.println("fake Twilio on " + port);
    }

    // the fake and the poster are two processes on one machine: the wall clock is the clock they share
    static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private record Result(int received, long elapsedNanos, long[] latencies) {
    }
}
