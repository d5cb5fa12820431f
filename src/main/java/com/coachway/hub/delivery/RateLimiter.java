package com.coachway.hub.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.vocabulary.Channel;

/**
 * Cluster-wide provider rate limits in PostgreSQL: the generic cell rate algorithm (GCRA) with one row per channel
 * holding the earliest instant the next send may happen. Every instance reserves its slot with one atomic UPDATE
 * against the database clock, so sends on a channel are at least {@code 1 / rate} seconds apart however many hub
 * instances run.
 *
 * <p>Priority lives here too. An urgent send (critical, high) reserves the next slot even when it lies in the future
 * and waits for it; a bulk send takes a slot only when one is free right now. A critical message therefore waits for
 * at most one slot already taken, never behind a bulk backlog.
 */
@Component
class RateLimiter implements InitializingBean {

    static final List<String> CHANNELS = Channel.NAMES;
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final Duration MAX_NAP = Duration.ofMillis(500);

    private final JdbcClient jdbc;
    private final RateProperties rates;

    public RateLimiter(JdbcClient jdbc, RateProperties rates) {
        this.jdbc = jdbc;
        this.rates = rates;
    }

    @Override
    public void afterPropertiesSet() {
        for (String channel : CHANNELS) {
            jdbc.sql("INSERT INTO rate_limits (channel) VALUES (:channel) ON CONFLICT DO NOTHING")
                    .param("channel", channel)
                    .update();
        }
        log.info("Provider rate limits (whole cluster): sms {}/s, whatsapp {}/s, email {}/s", rates.sms(),
                rates.whatsapp(), rates.email());
    }

    /** Blocks until this instance may send one message on the channel. */
    public void acquire(String channel, boolean urgent) throws InterruptedException {
        long intervalMicros = Math.max(1, Math.round(1_000_000 / rates.of(channel)));
        if (urgent) {
            long waitMicros = jdbc.sql("""
                    WITH slot AS (
                        UPDATE rate_limits SET next_free_at = greatest(next_free_at, clock_timestamp())
                            + make_interval(secs => :interval / 1000000.0)
                        WHERE channel = :channel
                        RETURNING next_free_at - make_interval(secs => :interval / 1000000.0) AS at)
                    SELECT greatest(0, floor(extract(epoch FROM (at - clock_timestamp())) * 1000000))::bigint FROM slot
                    """)
                    .param("channel", channel)
                    .param("interval", intervalMicros)
                    .query(Long.class)
                    .single();
            sleepMicros(waitMicros);
            return;
        }
        while (true) {
            Optional<Long> busyForMicros = jdbc.sql("""
                    WITH taken AS (
                        UPDATE rate_limits SET next_free_at = clock_timestamp()
                            + make_interval(secs => :interval / 1000000.0)
                        WHERE channel = :channel AND next_free_at <= clock_timestamp()
                        RETURNING 0::bigint AS wait)
                    SELECT wait FROM taken
                    UNION ALL
                    SELECT greatest(1, floor(extract(epoch FROM (next_free_at - clock_timestamp())) * 1000000))::bigint
                    FROM rate_limits WHERE channel = :channel AND NOT EXISTS (SELECT 1 FROM taken)
                    """)
                    .param("channel", channel)
                    .param("interval", intervalMicros)
                    .query(Long.class)
                    .optional();
            long wait = busyForMicros.orElse(0L);
            if (wait == 0) {
                return;
            }
            sleepMicros(Math.min(wait, MAX_NAP.toNanos() / 1000));
        }
    }

    private static void sleepMicros(long micros) throws InterruptedException {
        if (micros > 0) {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        }
    }
}
