package com.coachway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two halves of bench/faults.sh that are not shell.
 *
 * <pre>
 * java -cp bench/target/classes com.coachway.bench.FaultBench fake PORT
 *     a Twilio that keeps a message log (POST Messages.json, GET Messages.json?To=&amp;From=) and fails on purpose:
 *     POST /faults?unavailable=PCT&amp;slow=PCT&amp;slow_ms=MS sets the share answered 503 (not kept) and the share
 *     kept but answered only after MS; GET /stats?run=R prints taken/duplicates for the numbers of run R, and
 *     GET /taken?run=R lists the numbers of run R it took a message for.
 * java -cp bench/target/classes com.coachway.bench.FaultBench load URL KEY RUN N CLIENTS RATE
 *     posts N trip.reminder events paced at RATE/s as a careful client: 202 and 200 are final, 503, a refused
 *     connection and one closed without an answer are retried (after Retry-After, or 1 s) for up to 10 minutes,
 *     anything else is final and counted.
 * </pre>
 * Each event of run R texts its own number, so the fake's log says how often each was sent.
 */
public final class FaultBench {

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z",
            Locale.ROOT);

    private FaultBench() {
    }

    public static void main(String[] args) throws Exception {
        if ("fake".equals(args[0])) {
            new Fake().start(Integer.parseInt(args[1]));
            return;
        }
        load(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Double.parseDouble(args[6]));
        System.exit(0);
    }

    /** The phone number event {@code i} of run {@code run} texts. */
    static String phone(int run, int i) {
        return String.format("+1555%03d%04d", run % 1000, i);
    }

    private static void load(String url, String key, int run, int events, int clients, double rate)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger gaveUp = new AtomicInteger();
        long start = System.nanoTime();
        Clients.run(clients, events, i -> {
            long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                pause(wait / 1_000_000);
            }
            String body = """
                    {"specversion":"1.0","id":"fault-%d-%d","source":"bench","type":"trip.reminder",
                     "data":{"charter_id":%d,"trip":{"date":"%s","pickup_time":"08:30",
                     "pickup":"Boston South Station"},"driver":{"name":"Dave","phone":"+1 555 555 0188"},
                     "client":{"name":"Fault %d","phone":"%s"}}}""".formatted(run, i, i, TripDates.UPCOMING, i,
                    phone(run, i));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (true) {
                String answer;
                long retryAfterMs = 1000;
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/cloudevents+json")
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    answer = Integer.toString(response.statusCode());
                    retryAfterMs = response.headers().firstValue("Retry-After")
                            .map(s -> Long.parseLong(s.trim()) * 1000).orElse(1000L);
                } catch (ConnectException e) {
                    answer = "refused";
                } catch (IOException e) {
                    // no answer at all: the connection was closed or reset under the request (a killed
                    // process, or a keep-alive connection the stopping server closed as it was reused)
                    answer = "closed";
                } catch (InterruptedException e) {
                    return;
                }
                answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                if (answer.equals("202") || answer.equals("200")) {
                    accepted.incrementAndGet();
                    break;
                }
                boolean retry = answer.equals("503") || answer.equals("refused") || answer.equals("closed");
                if (!retry || System.nanoTime() > deadline) {
                    gaveUp.incrementAndGet();
                    break;
                }
                pause(Math.min(retryAfterMs, 5000));
            }
        });
        StringBuilder histogram = new StringBuilder();
        new TreeMap<>(answers).forEach((answer, count) -> histogram.append(' ').append("answers.").append(answer)
                .append('=').append(count.get()));
        System.out.printf("RESULT load.accepted=%d load.gave_up=%d load.seconds=%.1f%s%n", accepted.get(),
                gaveUp.get(), (System.nanoTime() - start) / 1e9, histogram);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The faulty Twilio. */
    static final class Fake {

        private record Taken(String sid, String to, String from, String body, ZonedDateTime created) {
        }

        private final List<Taken> log = new ArrayList<>();
        private final AtomicLong sids = new AtomicLong();
        private volatile int unavailablePct;
        private volatile int slowPct;
        private volatile long slowMs = 5000;
        // per number: what a run of the drill saw, whatever the runs before it did
        private final Map<String, AtomicInteger> unavailable = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> slow = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

        private static void add(Map<String, AtomicInteger> counts, String number) {
            counts.computeIfAbsent(String.valueOf(number), n -> new AtomicInteger()).incrementAndGet();
        }

        private static int count(Map<String, AtomicInteger> counts, String prefix) {
            return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToInt(e -> e.getValue().get()).sum();
        }

        void start(int port) throws IOException {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
            server.createContext("/2010-04-01/", this::messages);
            server.createContext("/faults", exchange -> {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                unavailablePct = Integer.parseInt(query.getOrDefault("unavailable", "0"));
                slowPct = Integer.parseInt(query.getOrDefault("slow", "0"));
                slowMs = Long.parseLong(query.getOrDefault("slow_ms", "5000"));
                answer(exchange, 200, "unavailable=" + unavailablePct + "% slow=" + slowPct + "% slow_ms=" + slowMs);
            });
            server.createContext("/stats", exchange -> {
                String prefix = phone(Integer.parseInt(query(exchange.getRequestURI().getRawQuery()).get("run")), 0)
                        .substring(0, 8);
                Map<String, Integer> perNumber = new HashMap<>();
                synchronized (log) {
                    for (Taken taken : log) {
                        if (taken.to().startsWith(prefix)) {
                            perNumber.merge(taken.to(), 1, Integer::sum);
                        }
                    }
                }
                int duplicates = perNumber.values().stream().mapToInt(n -> n - 1).sum();
                answer(exchange, 200, "numbers=" + perNumber.size() + " duplicates=" + duplicates + " answered_503="
                        + count(unavailable, prefix) + " answered_late=" + count(slow, prefix) + " lookups="
                        + count(lookups, prefix));
            });
            server.createContext("/taken", exchange -> {
                String prefix = phone(Integer.parseInt(query(exchange.getRequestURI().getRawQuery()).get("run")), 0)
                        .substring(0, 8);
                StringBuilder numbers = new StringBuilder();
                synchronized (log) {
                    log.stream().map(Taken::to).filter(to -> to.startsWith(prefix)).distinct()
                            .forEach(to -> numbers.append(to).append('\n'));
                }
                answer(exchange, 200, numbers.toString());
            });
            // the hub and the load both hit this one: enough threads that a slow answer never blocks the next
            server.setExecutor(Executors.newFixedThreadPool(64));
            server.start();
            System.out.println("faulty Twilio on " + port);
        }

        private void messages(HttpExchange exchange) throws IOException {
            if ("GET".equals(exchange.getRequestMethod())) {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                add(lookups, query.get("To"));
                StringBuilder messages = new StringBuilder();
                synchronized (log) {
                    for (int i = log.size() - 1; i >= 0; i--) {
                        Taken taken = log.get(i);
                        if (taken.to().equals(query.get("To")) && taken.from().equals(query.get("From"))) {
                            messages.append(messages.length() == 0 ? "" : ",").append("{\"sid\":\"").append(taken.sid())
                                    .append("\",\"to\":\"").append(taken.to()).append("\",\"from\":\"")
                                    .append(taken.from()).append("\",\"body\":").append(quote(taken.body()))
                                    .append(",\"status\":\"sent\",\"date_created\":\"")
                                    .append(RFC_2822.format(taken.created())).append("\"}");
                        }
                    }
                }
                String uri = exchange.getRequestURI().getPath();
                answer(exchange, 200, "{\"messages\":[" + messages + "],\"uri\":\"" + uri + "\",\"first_page_uri\":\""
                        + uri + "\",\"next_page_uri\":null,\"previous_page_uri\":null,\"page\":0,\"page_size\":50}");
                return;
            }
            Map<String, String> form;
            try (InputStream in = exchange.getRequestBody()) {
                form = query(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            int dice = ThreadLocalRandom.current().nextInt(100);
            if (dice < unavailablePct) {
                add(unavailable, form.get("To"));
                answer(exchange, 503, "");
                return;
            }
            String sid = String.format("SM%032d", sids.incrementAndGet());
            synchronized (log) {
                log.add(new Taken(sid, form.get("To"), form.get("From"), form.get("Body"),
                        ZonedDateTime.now(ZoneOffset.UTC)));
            }
            if (dice < unavailablePct + slowPct) {
                add(slow, form.get("To"));
                pause(slowMs); // kept, but answered after the hub stopped waiting
            }
            answer(exchange, 201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\"}");
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            } catch (IOException e) {
                // the hub gave up waiting: what matters is that the message is in the log
            } finally {
                exchange.close();
            }
        }

        private static String quote(String text) {
            if (text == null) {
                return "null";
            }
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> values = new HashMap<>();
            if (raw == null) {
                return values;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return values;
        }
    }
}
