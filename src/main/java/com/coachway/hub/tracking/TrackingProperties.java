package com.coachway.hub.tracking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tracking settings under {@code hub.tracking}.
 *
 * @param applyBatch how many recorded status callbacks one pass applies
 * @param unknownGrace how long a callback for a message id the hub does not know is retried before it is kept as
 *            unmatched (a provider can call back before the hub has committed its own "sent")
 * @param retryDelay the wait between those retries, and after a callback that failed to apply
 * @param maxAttempts attempts before a callback that keeps failing to apply is set aside as {@code failed}
 * @param softBounceWindow how far back a bounce without a Message-ID is matched by recipient
 */
@ConfigurationProperties("hub.tracking")
public record TrackingProperties(@DefaultValue("200") int applyBatch, @DefaultValue("PT2M") Duration unknownGrace,
        @DefaultValue("PT2S") Duration retryDelay, @DefaultValue("5") int maxAttempts,
        @DefaultValue("P14D") Duration softBounceWindow) {
}
