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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 * java -cp bench/target/classes com.coachway.bench.DeliveryBench post URL[,URL...] KEY N K FAKE_URL [RATE]
 * java -cp bench/target/classes com.coachway.bench.DeliveryBench lane URL KEY BACKLOG K FAKE_URL [CRITICAL]
 * </pre>
 * With RATE (events per second) the events are paced, to measure latency below saturation; without it they are
 * posted as fast as K clients can, to measure throughput. {@code -Dwarmup=N} events (default 2000, at most N) go
 * first, unmeasured, so the JIT has compiled the hot path as in a hub that has been up a while (numbers from
 * {@code -Dphones=P}, default 5,000,000; the measured run from P + 100,000); {@code -Dseries=FILE}
 * writes each notification's post time (ms since the first post) and latency (ms) for a chart.
 *
 * <p>{@code lane}: BACKLOG trip.reminder events are posted as fast as K clients can; once all are accepted, CRITICAL
 * (default 50) critical-priority SMS are sent through the notifications API, one every 200 ms, while the backlog
 * drains, and their latency to the fake Twilio is measured, with how much of the backlog was still undelivered when
 * the first was posted.
 */
public final class DeliveryBench {

    private DeliveryBench() {
    }

    public static void main(String[] args) throws Exception {
        if ("fake".equals(args[0])) {
            fakeTwilio(Integer.parseInt(args[1]));
            return;
        }
        if ("lane".equals(args[0])) {
            lane(args);
            return;
        }
        String url = args[1];
        String apiKey = args[2];
        int events = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        String fake = args[5];
        double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        HttpClient http = httpClient(clients);
        int warmup = Math.min(Integer.getInteger("warmup", 2000), events);
        System.out.printf("warming up with %d events...%n", warmup);
        // each run texts numbers of its own (+1555 and seven digits), so runs against one fake never overlap
        int phones = Integer.getInteger("phones", 5_000_000);
        run(http, url, apiKey, fake, warmup, clients, phones, 0);
        System.out.printf("posting %d events with %d concurrent clients%s...%n", events, clients,
                rate > 0 ? " at " + rate + " events/s" : "");
        Result result = run(http, url, apiKey, fake, events, clients, phones + 100_000, rate);
        long[] latencies = result.latencies();
        Arrays.sort(latencies);
        double seconds = result.elapsedNanos() / 1e9;
        System.out.printf("RESULT delivery.received=%d delivery.lost=%d delivery.seconds=%.2f "
                + "delivery.notifications_per_s=%.1f delivery.p50_ms=%.1f delivery.p95_ms=%.1f delivery.p99_ms=%.1f "
                + "delivery.max_ms=%.1f%n",
                result.received(), events - result.received(), seconds, result.received() / seconds,
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        String series = System.getProperty("series");
        if (series != null) {
            Files.write(Path.of(series), result.series());
        }
        System.exit(0);
    }

    /** The priority lane: critical sends measured while a bulk backlog drains. */
    private static void lane(String[] args) throws Exception {
        String url = args[1];
        String apiKey = args[2];
        int backlog = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        String fake = args[5];
        int critical = args.length > 6 ? Integer.parseInt(args[6]) : 50;
        HttpClient http = httpClient(clients);
        int firstBulk = 7_000_000;
        int firstCritical = 8_000_000;
        String run = UUID.randomUUID().toString().substring(0, 8);
        String notifications = url.replace("/api/v1/events", "/api/v1/notifications");
        // the API's path warmed first, unmeasured, as in a hub that has been up a while: the first request through
        // a path nobody has used yet pays for class loading and the interpreter
        for (int i = 0; i < 20; i++) {
            critical(http, notifications, apiKey, firstCritical + 900_000 + i, i);
        }
        System.out.printf("posting a backlog of %d trip.reminder events with %d clients...%n", backlog, clients);
        Clients.run(clients, backlog, i -> post(http, url, apiKey, event(run, i, firstBulk + i)));
        int waiting = backlog - received(http, fake, firstBulk, backlog).size();
        System.out.printf("backlog posted; %d of it not yet at the provider; %d critical sends, one every 200 ms...%n",
                waiting, critical);
        long[] posted = new long[critical];
        for (int i = 0; i < critical; i++) {
            posted[i] = epochNanos();
            critical(http, notifications, apiKey, firstCritical + i, i);
            Thread.sleep(200);
        }
        Map<Integer, Long> seen = Map.of();
        for (int tries = 0; tries < 300 && seen.size() < critical; tries++) {
            seen = received(http, fake, firstCritical, critical);
            Thread.sleep(100);
        }
        System.out.println("critical sends in order, ms: " + new TreeMap<>(seen).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%.0f", (e.getValue() - posted[e.getKey()]) / 1e6)).toList());
        long[] latencies = seen.entrySet().stream().mapToLong(e -> e.getValue() - posted[e.getKey()]).sorted()
                .toArray();
        int left = backlog - received(http, fake, firstBulk, backlog).size();
        System.out.printf("RESULT lane.backlog=%d lane.backlog_waiting=%d lane.backlog_left_after=%d lane.critical=%d "
                + "lane.critical_received=%d lane.p50_ms=%.1f lane.p99_ms=%.1f lane.max_ms=%.1f%n", backlog, waiting,
                left, critical, seen.size(), percentile(latencies, 50), percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        System.exit(0);
    }

    /** One critical SMS through the notifications API, to +1555 and {@code phone} in seven digits. */
    private static void critical(HttpClient http, String notifications, String apiKey, int phone, int i)
            throws Exception {
        String body = """
                {"template":"trip_reminder","channels":["sms"],"category":"transactional","priority":"critical",
                 "to":{"name":"Lane","phone":"+1555%07d"},"data":{"charter_id":%d,"trip":{"date":"2026-06-12",
                 "pickup_time":"08:30","pickup":"Boston South Station"},"driver":{"name":"Dave",
                 "phone":"+1 555 555 0188"}}}""".formatted(phone, i);
        http.send(HttpRequest.newBuilder(URI.create(notifications)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static HttpClient httpClient(int clients) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(clients)).build();
    }

    private static String event(String run, int i, int phone) {
        return """
                {"specversion":"1.0","id":"%s-%d","source":"bench","type":"trip.reminder",
                 "data":{"charter_id":%d,"trip":{"date":"%s","pickup_time":"08:30",
                 "pickup":"Boston South Station"},"driver":{"name":"Dave","phone":"+1 555 555 0188"},
                 "client":{"name":"Bench","phone":"+1555%07d"}}}""".formatted(run, i, i, TripDates.UPCOMING, phone);
    }

    private static void post(HttpClient http, String url, String apiKey, String body) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/cloudevents+json")
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // counted as lost at the fake
        }
    }

    private static Result run(HttpClient http, String url, String apiKey, String fake, int events, int clients,
            int firstPhone, double rate) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int before = count(http, fake);
        String[] urls = url.split(","); // several hub instances: events go to each in turn
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
            posted[i] = epochNanos();
            post(http, urls[i % urls.length], apiKey, event(run, i, firstPhone + i));
        });
        // wait for the fake to have seen every number of this run (or give up after 60 s of silence), asking only
        // for its count, so the harness spends as little of the machine's CPU as it can beside the hub
        long lastProgress = System.nanoTime();
        int lastCount = -1;
        while (System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(60)) {
            int count = count(http, fake);
            if (count >= before + events) {
                break;
            }
            if (count != lastCount) {
                lastCount = count;
                lastProgress = System.nanoTime();
            }
            Thread.sleep(500);
        }
        Map<Integer, Long> seen = received(http, fake, firstPhone, events);
        long end = seen.values().stream().mapToLong(Long::longValue).max().orElse(epochNanos());
        long[] latencies = new long[seen.size()];
        List<String> series = new ArrayList<>(seen.size());
        int k = 0;
        for (Map.Entry<Integer, Long> entry : new TreeMap<>(seen).entrySet()) {
            latencies[k++] = entry.getValue() - posted[entry.getKey()];
            series.add(String.format(Locale.ROOT, "%.1f %.1f", (posted[entry.getKey()] - start) / 1e6,
                    latencies[k - 1] / 1e6));
        }
        return new Result(seen.size(), end - start, latencies, series);
    }

    /** How many numbers the fake has seen, all runs together. */
    static int count(HttpClient http, String fake) throws Exception {
        return Integer.parseInt(http.send(HttpRequest.newBuilder(URI.create(fake + "/count")).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim());
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
        server.createContext("/count", exchange -> {
            byte[] bytes = Integer.toString(arrivals.size()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
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

    private record Result(int received, long elapsedNanos, long[] latencies, List<String> series) {
    }
}
