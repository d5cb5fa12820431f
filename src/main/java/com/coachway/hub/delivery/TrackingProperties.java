package com.coachway.hub.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.settings.NotNegativeDuration;
import com.coachway.hub.settings.PositiveDuration;

import jakarta.validation.constraints.Positive;

/**
 * Tracking settings under {@code hub.tracking}: what emails carry (delivery) and how reports are applied (tracking).
 *
 * @param email wrap the links of emails and add the open pixel
 * @param allowedLinkHosts hosts whose links in emails become tracked redirects; empty = the host of
 *            {@code hub.public-base-url}
 * @param applyInterval how often recorded status callbacks are applied
 * @param applyBatch how many recorded status callbacks one pass applies
 * @param unknownGrace how long a callback for a message id the hub does not know is retried before it is kept as
 *            unmatched (a provider can call back before the hub has committed its own "sent")
 * @param retryDelay the wait between those retries, and after a callback that failed to apply
 * @param maxAttempts attempts before a callback that keeps failing to apply is set aside as {@code failed}
 * @param softBounceWindow how far back a bounce without a Message-ID is matched by recipient
 */
@Validated
@ConfigurationProperties("hub.tracking")
public record TrackingProperties(@DefaultValue("true") boolean email, @DefaultValue List<String> allowedLinkHosts,
        @DefaultValue("PT0.25S") @PositiveDuration Duration applyInterval,
        @DefaultValue("200") @Positive int applyBatch,
        @DefaultValue("PT2M") @NotNegativeDuration Duration unknownGrace,
        @DefaultValue("PT2S") @PositiveDuration Duration retryDelay,
        @DefaultValue("5") @Positive int maxAttempts,
        @DefaultValue("P14D") @PositiveDuration Duration softBounceWindow) implements RouteSettings {

    @Override
    public Map<String, Object> routeSettings() {
        return Map.of("route.tracking.apply-interval-ms", applyInterval.toMillis());
    }
}
