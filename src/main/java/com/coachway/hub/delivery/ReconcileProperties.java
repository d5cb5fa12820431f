package com.coachway.hub.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.settings.PositiveDuration;

import jakarta.validation.constraints.Positive;

/**
 * The reconciler under {@code hub.delivery.reconcile}.
 *
 * @param stuckAfter how long a notification may stay {@code queued} (once due) or {@code sending} without a change
 *            before it counts as stuck; it must outlast the longest retry tier, where a notification waits unchanged
 * @param batch how many stuck notifications one run takes at most
 */
@Validated
@ConfigurationProperties("hub.delivery.reconcile")
record ReconcileProperties(@DefaultValue("PT20M") @PositiveDuration Duration stuckAfter,
        @DefaultValue("200") @Positive int batch) {
}
