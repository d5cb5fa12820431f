package com.coachway.hub.retention;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.settings.PositiveDuration;

import jakarta.validation.constraints.Positive;

/**
 * Retention under {@code hub.retention} (API.md §11).
 *
 * @param events how long event payloads and finished pushes are kept
 * @param notifications how long the timeline and data of a finished notification are kept
 * @param tracking how long opens, clicks, settled provider callbacks, inbound texts and bounce mails are kept
 * @param deadLetters how long a replayed or discarded dead letter is kept (an open one always is)
 * @param dedupe how long the {@code (source, id)} dedupe key of an event outlives its payload
 * @param batch rows per statement, so no lock is held for long
 * @param cron when the job runs (Quartz cron, UTC), once per cluster
 */
@Validated
@ConfigurationProperties("hub.retention")
record RetentionProperties(@DefaultValue("P90D") @PositiveDuration Duration events,
        @DefaultValue("P90D") @PositiveDuration Duration notifications,
        @DefaultValue("P90D") @PositiveDuration Duration tracking,
        @DefaultValue("P90D") @PositiveDuration Duration deadLetters,
        @DefaultValue("P400D") @PositiveDuration Duration dedupe, @DefaultValue("1000") @Positive int batch,
        @DefaultValue("0 30 3 * * ?") String cron) implements RouteSettings {

    RetentionProperties {
        if (dedupe.compareTo(events) < 0) {
            // a dedupe key that goes before its payload would let a late repeat in as a new event
            throw new IllegalArgumentException("hub.retention.dedupe must be at least hub.retention.events");
        }
    }

    @Override
    public Map<String, Object> routeSettings() {
        // Quartz's cron in a URI: spaces become '+'
        return Map.of("route.retention.cron", cron.strip().replace(' ', '+'));
    }
}
