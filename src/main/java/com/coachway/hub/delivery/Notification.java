package com.coachway.hub.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import com.coachway.hub.vocabulary.NotificationStatus;
import com.coachway.hub.vocabulary.Priority;
import com.coachway.hub.vocabulary.QuietHours;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A notification as stored: one recipient, its channels in fallback order and where it stands.
 *
 * @param id {@code ntf_…}
 * @param origin what made it: a {@link NotificationOrigin}, as stored
 * @param eventId the event behind it, or null
 * @param eventSource the event's source, or null
 * @param eventType the event's type, or null
 * @param rule the routing rule, or null
 * @param template template name
 * @param templateVersion the version rendered, once dispatched
 * @param variant the A/B variant, once chosen
 * @param category transactional, marketing or reminders
 * @param priority critical, high, normal or low
 * @param channels channels in fallback order
 * @param channelIndex position in {@code channels} of the channel in use, or null before dispatch
 * @param dispatchSeq how many times it was handed to a delivery queue (stale delivery messages carry a lower one)
 * @param channel the channel in use, or null before dispatch
 * @param address the normalised address on that channel
 * @param recipient the recipient as requested
 * @param phone the recipient's phone in E.164, when valid
 * @param email the recipient's email, normalised, when valid
 * @param data template variables
 * @param status see {@link NotificationStatus}
 * @param reason why it is blocked or parked
 * @param attempts provider attempts so far
 * @param provider twilio, meta or smtp
 * @param providerMessageId Twilio SID, Meta message id or email Message-ID
 * @param errorCode the provider's error code of the last failure
 * @param errorMessage the provider's message of the last failure
 * @param sandbox recorded without reaching a provider
 * @param sendAt when it is to be sent while it waits for that time, or null (for now, or once handed over)
 * @param resendOf the notification this one resends
 * @param createdBy who asked for it
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param attemptStartedAt when the provider attempt in progress (or the first of repeats whose outcome is unknown)
 *            began, or null
 * @param quietHours when it may not go out, on the clock of {@code quietZone} (a rule's {@code quiet_hours}), or null
 * @param quietZone the zone of the recipient's clock, for {@code quietHours}
 * @param digestKey for a digest, the key its rule gathers events by (its {@code data} holds {@code events} and
 *            {@code count}); null otherwise
 * @param waitedUntil the send time it waited for, kept when the due-sends job handed it over; null before that
 */
public record Notification(String id, String origin, String eventId, String eventSource, String eventType, String rule,
        String template, Integer templateVersion, String variant, String category, String priority,
        List<String> channels, Integer channelIndex, int dispatchSeq, String channel, String address,
        Recipient recipient, String phone,
        String email, JsonNode data, NotificationStatus status, String reason, int attempts, String provider,
        String providerMessageId, String errorCode, String errorMessage, boolean sandbox, Instant sendAt,
        String resendOf, String createdBy, Instant createdAt, Instant updatedAt, Instant attemptStartedAt,
        QuietHours quietHours, ZoneId quietZone, String digestKey, Instant waitedUntil) {

    public boolean urgent() {
        return Priority.urgent(priority);
    }

    /** The end of the quiet hours {@code now} falls in, if it falls in them. */
    public Optional<Instant> quietUntil(Instant now) {
        if (quietHours == null || quietZone == null) {
            return Optional.empty();
        }
        Instant end = quietHours.after(now, quietZone);
        return end.isAfter(now) ? Optional.of(end) : Optional.empty();
    }

    /** The send time it waits for, or once handed over the one it waited for; null for a send that never waited. */
    public Instant timedFor() {
        return sendAt != null ? sendAt : waitedUntil;
    }

    public boolean terminal() {
        return status.terminal();
    }
}
