package com.coachway.hub.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reconciler under {@code hub.delivery.reconcile}.
 *
 * @param stuckAfter how long a notification may stay {@code queued} (once due) or {@code sending} without a change
 *            before it counts as stuck; it must outlast the longest retry tier, where a notification waits unchanged
 * @param batch how many stuck notifications one run takes at most
 */
@ConfigurationProperties("hub.delivery.reconcile")
record ReconcileProperties(@DefaultValue("PT20M") Duration stuckAfter, @DefaultValue("200") int batch) {

    public ReconcileProperties {
        if (stuckAfter.isNegative() || stuckAfter.isZero()) {
            throw new IllegalArgumentException("hub.delivery.reconcile.stuck-after must be positive");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("hub.delivery.reconcile.batch must be at least 1");
        }
    }
}
