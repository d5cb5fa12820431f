package com.coachway.hub.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry tiers under {@code hub.retry}: one TTL queue per delay; their count is the retry budget.
 *
 * @param delays how long a failed message waits before its next attempt, tier by tier
 */
@ConfigurationProperties("hub.retry")
public record RetryProperties(@DefaultValue( {
        "PT1M", "PT5M", "PT15M"}) List<Duration> delays){

    public RetryProperties {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("hub.retry.delays needs at least one delay");
        }
        for (Duration d : delays) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("hub.retry.delays must be positive, got " + d);
            }
        }
        delays = List.copyOf(delays);
    }
}
