package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.List;

import com.coachway.hub.templates.RenderedMessage;
import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * A notification as the API shows it (API.md §3), with its timeline as {@code events}. One notification on its own
 * also shows its {@code content}: what it said on the channel it was last handed to (none in lists, none before it is
 * dispatched, none past retention). {@code send_at} is the time a timed send waits for, or waited for once it was
 * handed over.
 */
record NotificationView(String id, NotificationStatus status, String reason, String template, Integer templateVersion,
        String variant, String category, String priority, List<String> channels, String channel, Recipient to,
        int attempts, String provider, String providerMessageId, String errorCode, String errorMessage,
        boolean sandbox, String eventId, String eventSource, String eventType, String rule, Instant sendAt,
        String resendOf, Instant createdAt, Instant updatedAt, RenderedMessage content, List<TimelineEntry> events) {

    /** A notification in a list: no timeline, no content. */
    static NotificationView listed(Notification n) {
        return of(n, null, null);
    }

    static NotificationView of(Notification n, RenderedMessage content, List<TimelineEntry> events) {
        return new NotificationView(n.id(), n.status(), n.reason(), n.template(), n.templateVersion(), n.variant(),
                n.category(), n.priority(), n.channels(), n.channel(), n.recipient(), n.attempts(), n.provider(),
                n.providerMessageId(), n.errorCode(), n.errorMessage(), n.sandbox(), n.eventId(), n.eventSource(),
                n.eventType(), n.rule(), n.timedFor(), n.resendOf(), n.createdAt(), n.updatedAt(), content, events);
    }
}
