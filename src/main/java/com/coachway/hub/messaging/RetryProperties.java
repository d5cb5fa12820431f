package com.coachway.hub.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.settings.PositiveDuration;

import jakarta.validation.constraints.NotEmpty;

/**
 * Retry tiers under {@code hub.retry}: one TTL queue per delay; their count is the retry budget.
 *
 * @param delays how long a failed message waits before its next attempt, tier by tier
 */
@Validated
@ConfigurationProperties("hub.retry")
public record RetryProperties(
        @NotEmpty(message = "needs at least one delay") @DefaultValue( {
                "PT1M", "PT5M", "PT15M"}) List<@PositiveDuration Duration> delays){

    public RetryProperties {
        delays = List.copyOf(delays);
    }
}
