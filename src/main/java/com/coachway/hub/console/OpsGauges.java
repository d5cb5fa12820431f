package com.coachway.hub.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.messaging.WorkQueues;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What waits for ops, as Prometheus gauges, so an alert can page someone instead of the overview having to be
 * open: parked dead letters by the queue they failed on ({@code hub_dead_letters_parked}), status callbacks set aside
 * ({@code hub_callbacks_set_aside}), how late the most overdue timed send is ({@code hub_scheduled_overdue_seconds}:
 * above a minute, nothing is firing the due sends), and leads no agent could take yet ({@code hub_leads_waiting}).
 * They count the whole database, so every instance shows the same figures: alert on {@code max}. Read at most every
 * {@value #FRESH_SECONDS} s, whatever the scrape interval.
 */
@Component
class OpsGauges {

    private static final Logger log = LoggerFactory.getLogger(OpsGauges.class);

    static final int FRESH_SECONDS = 10;

    /** Where a dead letter names a queue the hub does not know (a drill, an older version), it counts here. */
    static final String OTHER = "other";

    /** One reading of the database; a reading taken while it was away is all NaN, which Prometheus shows as such. */
    record Reading(Instant at, Map<String, Long> parked, double setAside, double overdueSeconds, double leadsWaiting) {

        static Reading away(Instant at) {
            return new Reading(at, null, Double.NaN, Double.NaN, Double.NaN);
        }

        double parked(String queue) {
            return parked == null ? Double.NaN : parked.getOrDefault(queue, 0L);
        }
    }

    private final JdbcClient jdbc;
    private final NotificationStore notifications;
    private final Clock clock;
    private final List<String> queues;
    private Reading last;

    @Autowired
    OpsGauges(JdbcClient jdbc, NotificationStore notifications, MeterRegistry meters) {
        this(jdbc, notifications, meters, Clock.systemUTC());
    }

    OpsGauges(JdbcClient jdbc, NotificationStore notifications, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.clock = clock;
        List<String> known = new ArrayList<>(WorkQueues.ALL);
        known.add(WorkQueues.UNROUTED);
        known.add(WorkQueues.LAST_RESORT);
        known.add(OTHER);
        this.queues = List.copyOf(known);
        for (String queue : queues) {
            Gauge.builder("hub.dead_letters.parked", this, g -> g.reading().parked(queue))
                    .description("Dead letters parked and waiting for ops, by the queue they failed on")
                    .tag("queue", queue)
                    .register(meters);
        }
        Gauge.builder("hub.callbacks.set_aside", this, g -> g.reading().setAside())
                .description("Provider status callbacks that kept failing to apply, waiting for ops")
                .register(meters);
        Gauge.builder("hub.scheduled.overdue", this, g -> g.reading().overdueSeconds())
                .description("How long the most overdue timed send has been due; above a minute nothing sends them")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("hub.leads.waiting", this, g -> g.reading().leadsWaiting())
                .description("Leads no agent could take yet (every active agent at its cap, or none active)")
                .register(meters);
    }

    /** The latest reading, taken again when older than {@value #FRESH_SECONDS} s; NaN figures while the database is away. */
    synchronized Reading reading() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.at().plus(Duration.ofSeconds(FRESH_SECONDS)))) {
            last = read(now);
        }
        return last;
    }

    private Reading read(Instant now) {
        try {
            Map<String, Long> parked = new HashMap<>();
            jdbc.sql("SELECT queue, count(*) AS n FROM dead_letters WHERE status = 'parked' GROUP BY queue")
                    .query(rs -> {
                        String queue = queues.contains(rs.getString("queue")) ? rs.getString("queue") : OTHER;
                        parked.merge(queue, rs.getLong("n"), Long::sum);
                    });
            long setAside = ConsoleApi.callbacksSetAside(jdbc);
            return new Reading(now, Map.copyOf(parked), setAside, notifications.overdueSeconds(),
                    ConsoleApi.leadsWaiting(jdbc));
        } catch (DataAccessException e) {
            log.debug("Ops gauges not read: {}", e.toString());
            return Reading.away(now);
        }
    }
}
