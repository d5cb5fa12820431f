package com.coachway.hub.consent;

import java.time.Instant;

/**
 * One opt-out (or suppression) to record.
 *
 * @param channel sms, whatsapp or email
 * @param address normalised address
 * @param category the category it covers, or null for every category
 * @param kind {@code opted_out} or {@code suppressed}
 * @param reason free text: the person's words, the provider's message
 * @param source api, sms_keyword, whatsapp, unsubscribe_link, hard_bounce, complaint, provider_error
 * @param actor who recorded it (an API key or user, or the provider)
 * @param notificationId the message it came from (an unsubscribe link, a bounce), if any
 * @param saidAt when the person asked for it, as the provider says; null for when the hub records it
 */
public record ConsentChange(String channel, String address, String category, String kind, String reason,
        String source, String actor, String notificationId, Instant saidAt) {

    public ConsentChange(String channel, String address, String category, String kind, String reason, String source,
            String actor, String notificationId) {
        this(channel, address, category, kind, reason, source, actor, notificationId, null);
    }

    public static ConsentChange optOut(String channel, String address, String category, String reason, String source,
            String actor) {
        return new ConsentChange(channel, address, category, Suppression.OPTED_OUT, reason, source, actor, null);
    }

    /** The same change, tied to the message it came from. */
    public ConsentChange about(String notification) {
        return new ConsentChange(channel, address, category, kind, reason, source, actor, notification, saidAt);
    }

    /** The same change, asked for at {@code at} (the provider's time; null for when the hub records it). */
    public ConsentChange at(Instant at) {
        return new ConsentChange(channel, address, category, kind, reason, source, actor, notificationId, at);
    }
}
