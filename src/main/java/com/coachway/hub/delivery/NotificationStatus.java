package com.coachway.hub.delivery;

import java.util.Map;
import java.util.Set;

/** Notification status values of API.md §3. */
public final class NotificationStatus {

    public static final String QUEUED = "queued";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String OPENED = "opened";
    public static final String CLICKED = "clicked";
    public static final String UNDELIVERED = "undelivered";
    public static final String FAILED = "failed";
    public static final String BOUNCED = "bounced";
    public static final String BLOCKED = "blocked";
    public static final String PARKED = "parked";
    public static final String CANCELLED = "cancelled";

    public static final Set<String> ALL = Set.of(QUEUED, SENDING, SENT, DELIVERED, READ, OPENED, CLICKED, UNDELIVERED,
            FAILED, BOUNCED, BLOCKED, PARKED, CANCELLED);
    /** States a notification never leaves. */
    public static final Set<String> TERMINAL = Set.of(DELIVERED, READ, OPENED, CLICKED, FAILED, BOUNCED, BLOCKED,
            PARKED, CANCELLED);

    // how far a message got; what providers and recipients report only ever moves a notification further
    private static final Map<String, Integer> PROGRESS = Map.ofEntries(Map.entry(QUEUED, 0), Map.entry(SENDING, 1),
            Map.entry(SENT, 2), Map.entry(UNDELIVERED, 3), Map.entry(DELIVERED, 4), Map.entry(FAILED, 4),
            Map.entry(BOUNCED, 4), Map.entry(READ, 5), Map.entry(OPENED, 5), Map.entry(CLICKED, 6));

    private NotificationStatus() {
    }

    /**
     * Whether a report of {@code next} moves a notification that is {@code current} forward: a late {@code sent}
     * after {@code delivered} does not, nor does a duplicate; {@code read} after {@code delivered} does. Blocked,
     * parked and cancelled notifications never left the hub and never move.
     */
    public static boolean isForward(String current, String next) {
        Integer from = PROGRESS.get(current);
        Integer to = PROGRESS.get(next);
        return from != null && to != null && from >= PROGRESS.get(SENT) && to > from;
    }
}
