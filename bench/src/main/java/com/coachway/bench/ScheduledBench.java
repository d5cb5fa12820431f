package com.coachway.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scheduled sends falling due at once: N notifications share one {@code send_at} (seeded by {@code bench/run.sh
 * scheduled}); this waits at the fake Twilio until each has arrived and prints the lag from the due time to the
 * provider (p50/p99/max) and how fast they drained.
 *
 * <pre>
 * java -cp bench/target/classes com.coachway.bench.ScheduledBench FAKE_URL N FIRST_PHONE DUE_ISO_INSTANT
 * </pre>
 */
public final class ScheduledBench {

    private ScheduledBench() {
    }

    public static void main(String[] args) throws Exception {
        String fake = args[0];
        int sends = Integer.parseInt(args[1]);
        int firstPhone = Integer.parseInt(args[2]);
        Instant due = Instant.parse(args[3]);
        long dueNanos = due.getEpochSecond() * 1_000_000_000L + due.getNano();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, Long> seen = Map.of();
        long lastProgress = System.nanoTime();
        int lastCount = -1;
        while (System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(60)) {
            seen = DeliveryBench.received(http, fake, firstPhone, sends);
            if (seen.size() == sends) {
                break;
            }
            if (seen.size() != lastCount) {
                lastCount = seen.size();
                lastProgress = System.nanoTime();
            }
            Thread.sleep(200);
        }
        long[] lags = seen.values().stream().mapToLong(at -> at - dueNanos).sorted().toArray();
        long first = lags.length == 0 ? 0 : lags[0];
        long last = lags.length == 0 ? 0 : lags[lags.length - 1];
        double drainSeconds = (last - first) / 1e9;
        System.out.printf("RESULT scheduled.received=%d scheduled.lost=%d scheduled.first_ms=%.1f scheduled.p50_ms=%.1f "
                + "scheduled.p99_ms=%.1f scheduled.max_ms=%.1f scheduled.provider_per_s=%.1f%n", seen.size(),
                sends - seen.size(), first / 1e6, DeliveryBench.percentile(lags, 50),
                DeliveryBench.percentile(lags, 99), last / 1e6, drainSeconds > 0 ? seen.size() / drainSeconds : 0);
        System.exit(0);
    }
}
