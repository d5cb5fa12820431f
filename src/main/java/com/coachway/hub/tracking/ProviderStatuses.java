package com.coachway.hub.tracking;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * Provider message statuses mapped onto ours. Statuses that say nothing new about a message the hub already handed
 * over (queued, accepted, sending...) map to nothing and are only recorded.
 */
final class ProviderStatuses {

    private static final Map<String, NotificationStatus> TWILIO = Map.of(
            "sent", NotificationStatus.SENT,
            "delivered", NotificationStatus.DELIVERED,
            "undelivered", NotificationStatus.UNDELIVERED,
            "failed", NotificationStatus.FAILED,
            "read", NotificationStatus.READ);

    private static final Map<String, NotificationStatus> META = Map.of(
            "sent", NotificationStatus.SENT,
            "delivered", NotificationStatus.DELIVERED,
            "read", NotificationStatus.READ,
            "failed", NotificationStatus.FAILED);

    private ProviderStatuses() {
    }

    /** Our status for a provider's, if it means one. */
    static Optional<NotificationStatus> of(String provider, String status) {
        if (status == null) {
            return Optional.empty();
        }
        Map<String, NotificationStatus> table = "meta".equals(provider) ? META : TWILIO;
        return Optional.ofNullable(table.get(status.toLowerCase(Locale.ROOT)));
    }

    /** Whether the status reports a failure whose error code may say something about the address. */
    static boolean isFailure(NotificationStatus status) {
        return status == NotificationStatus.FAILED || status == NotificationStatus.UNDELIVERED;
    }
}
