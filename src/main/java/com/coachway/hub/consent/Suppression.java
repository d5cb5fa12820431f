package com.coachway.hub.consent;

import java.time.Instant;

/**
 * An address that must not be contacted on a channel, for every category or for one.
 *
 * @param channel sms, whatsapp or email
 * @param address normalised address
 * @param category the only category it applies to, or null for every category
 * @param kind {@code opted_out} (the person said so) or {@code suppressed} (the address is gone: hard bounce)
 * @param reason the person's or the provider's words, if any
 * @param source where it came from: api, sms_keyword, whatsapp, unsubscribe_link, hard_bounce, complaint,
 *            provider_error
 * @param createdAt since when
 */
public record Suppression(String channel, String address, String category, String kind, String reason,
        String source, Instant createdAt) {

    public static final String OPTED_OUT = "opted_out";
    public static final String SUPPRESSED = "suppressed";

    /** The {@code blocked} reason of a notification stopped by this entry. */
    public String blockedReason() {
        if (SUPPRESSED.equals(kind)) {
            return "suppressed";
        }
        return category == null ? "opted_out" : "category_disabled";
    }
}
