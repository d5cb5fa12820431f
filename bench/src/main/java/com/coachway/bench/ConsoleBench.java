package com.coachway.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ops console against a hub holding many dead letters: the first load a signed-in person waits for (the page,
 * its stylesheet and script, then the calls the overview makes) in bytes and milliseconds, and the dead-letter list
 * API's latency. The baseline, measured in the same run through the same filters and session, is the console's
 * stylesheet: a static file.
 *
 * <pre>ConsoleBench &lt;base-url&gt; &lt;user&gt; &lt;password&gt; &lt;requests&gt; &lt;clients&gt;</pre>
 */
public final class ConsoleBench {

    private static final Pattern TOKEN = Pattern.compile("XSRF-TOKEN=([^;]+)");

    private ConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int requests = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        signIn(http, base, args[1], args[2]);

        // first loads: the first one is cold (nothing compiled for these paths yet), the median is a typical one
        List<long[]> loads = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            loads.add(firstLoad(http, base));
        }
        long[] cold = loads.get(0);
        double[] warm = loads.subList(1, loads.size()).stream().mapToDouble(l -> l[2] / 1e6).sorted().toArray();
        System.out.printf("RESULT console.first_load_static_bytes=%d console.first_load_api_bytes=%d "
                + "console.first_load_cold_ms=%.1f console.first_load_median_ms=%.1f%n", cold[0], cold[1],
                cold[2] / 1e6, warm[warm.length / 2]);

        double[] baseline = latencies(http, URI.create(base + "/assets/ops/console.css"), requests, clients);
        double[] list = latencies(http, URI.create(base + "/ops/api/dead-letters?status=parked&size=25"), requests,
                clients);
        double[] filtered = latencies(http, URI.create(base
                + "/ops/api/dead-letters?status=parked&size=25&reason=unreachable"), requests, clients);
        report("baseline", baseline);
        report("list", list);
        report("list_by_reason", filtered);
        System.out.printf("RESULT ratio.list_p95_over_baseline=%.2f ratio.list_by_reason_p95_over_baseline=%.2f%n",
                p(list, 95) / p(baseline, 95), p(filtered, 95) / p(baseline, 95));
    }

    private static void signIn(HttpClient http, String base, String user, String password) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/ops/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(String.join(";", form.headers().allValues("Set-Cookie")));
        if (!token.find()) {
            throw new IllegalStateException("the login page set no XSRF-TOKEN cookie");
        }
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(base + "/ops/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (!done.headers().firstValue("Location").orElse("").endsWith("/ops/")) {
            throw new IllegalStateException("sign-in refused: " + done.statusCode() + " " + done.headers().map());
        }
    }

    /** {static bytes, api bytes, nanoseconds}: the page, then its two assets at once, then the overview's calls. */
    private static long[] firstLoad(HttpClient http, String base) {
        long started = System.nanoTime();
        byte[] page = fetch(http, base + "/ops/");
        List<CompletableFuture<byte[]>> assets = List.of(async(http, base + "/assets/ops/console.css"),
                async(http, base + "/assets/ops/console.js"));
        long staticBytes = page.length + assets.stream().mapToLong(a -> a.join().length).sum();
        long apiBytes = fetch(http, base + "/ops/api/me").length;
        List<CompletableFuture<byte[]>> calls = List.of(async(http, base + "/ops/api/overview"),
                async(http, base + "/ops/api/queues"));
        apiBytes += calls.stream().mapToLong(c -> c.join().length).sum();
        return new long[] {staticBytes, apiBytes, System.nanoTime() - started};
    }

    private static byte[] fetch(HttpClient http, String url) {
        return async(http, url).join();
    }

    private static CompletableFuture<byte[]> async(HttpClient http, String url) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(url + " answered " + response.statusCode());
                    }
                    return response.body();
                });
    }

    private static double[] latencies(HttpClient http, URI uri, int requests, int clients) throws Exception {
        for (int i = 0; i < 50; i++) {
            fetch(http, uri.toString()); // warm-up
        }
        double[] millis = new double[requests];
        Clients.run(clients, requests, i -> {
            long started = System.nanoTime();
            fetch(http, uri.toString());
            millis[i] = (System.nanoTime() - started) / 1e6;
        });
        Arrays.sort(millis);
        return millis;
    }

    private static double p(double[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)];
    }

    private static void report(String name, double[] sorted) {
        System.out.printf("RESULT %s.p50_ms=%.2f %s.p95_ms=%.2f %s.max_ms=%.2f%n", name, p(sorted, 50), name,
                p(sorted, 95), name, sorted[sorted.length - 1]);
    }
}
