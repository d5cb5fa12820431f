package com.coachway.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts one signed Twilio "delivered" status callback per message SID in a file, all at once (every client starts
 * on the same signal), and prints answered callbacks per second and latency percentiles. With {@code unsigned} it
 * posts the same requests without a signature: the hub refuses them with 403 after parsing and checking, touching
 * no database, which is the baseline of what the HTTP stack alone costs.
 *
 * <pre>java -cp bench/target/classes com.coachway.bench.CallbackBench signed|unsigned URL AUTH_TOKEN SID_FILE K</pre>
 */
public final class CallbackBench {

    private CallbackBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean signed = "signed".equals(args[0]);
        String url = args[1];
        String authToken = args[2];
        List<String> sids = Files.readAllLines(Path.of(args[3])).stream().filter(s -> !s.isBlank()).toList();
        int clients = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(clients))
                .build();

        long[] latencies = new long[sids.size()];
        AtomicInteger next = new AtomicInteger();
        Map<Integer, Integer> statuses = new TreeMap<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                go.await();
                int i;
                while ((i = next.getAndIncrement()) < sids.size()) {
                    Map<String, String> form = new TreeMap<>();
                    form.put("AccountSid", "AC00000000000000000000000000000001");
                    form.put("MessageSid", sids.get(i));
                    form.put("MessageStatus", "delivered");
                    form.put("To", "+15555550100");
                    form.put("From", "+15005550006");
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
                    if (signed) {
                        request.header("X-Twilio-Signature", sign(authToken, url, form));
                    }
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    latencies[i] = System.nanoTime() - sent;
                    synchronized (statuses) {
                        statuses.merge(status, 1, Integer::sum);
                    }
                }
                return null;
            });
        }
        long start = System.nanoTime();
        go.countDown();
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;

        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        String label = signed ? "callbacks" : "baseline";
        System.out.printf("RESULT %s.statuses=%s %s.seconds=%.2f %s.per_s=%.1f %s.p50_ms=%.2f %s.p99_ms=%.2f "
                + "%s.max_ms=%.2f%n", label, statuses, label, seconds, label, sids.size() / seconds, label,
                percentile(sorted, 50), label, percentile(sorted, 99), label, sorted[sorted.length - 1] / 1e6);
        System.exit(0);
    }

    // Twilio's scheme: HMAC-SHA1 over the URL and the sorted parameters, Base64
    private static String sign(String token, String url, Map<String, String> sortedForm) throws Exception {
        StringBuilder data = new StringBuilder(url);
        sortedForm.forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(
                StandardCharsets.UTF_8)));
    }

    private static String encode(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
