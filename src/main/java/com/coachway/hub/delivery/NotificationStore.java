package com.coachway.hub.delivery;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.AdvisoryLocks;
import com.coachway.hub.Rows;
import com.coachway.hub.consent.Addresses;
import com.coachway.hub.templates.RenderedMessage;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.coachway.hub.vocabulary.QuietHours;
import com.coachway.hub.vocabulary.TimeZones;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Notifications and their timelines in PostgreSQL. Status changes name the states they may come from, so a late or
 * repeated step can never move a notification backwards.
 */
@Component
public class NotificationStore {

    /** When an earlier notification told the same, as its repeat's timeline says it. */
    private static final DateTimeFormatter TOLD_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Addresses addresses;

    public NotificationStore(JdbcClient jdbc, ObjectMapper json, Addresses addresses) {
        this.jdbc = jdbc;
        this.json = json;
        this.addresses = addresses;
    }

    /** A new, time-ordered notification id. */
    static String newId() {
        StringBuilder id = new StringBuilder("ntf_").append(Long.toString(System.currentTimeMillis(), 36));
        for (int i = 0; i < 10; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return id.toString();
    }

    /**
     * Creates a notification unless one with the same origin key exists; returns the id of the one that is there
     * afterwards. The origin key makes a redelivered request, or a repeated Idempotency-Key, land on the same row.
     */
    public Created create(NotificationRequest request, NotificationOrigin origin, String originKey, String requestHash,
            String createdBy, String resendOf) {
        String id = newId();
        Recipient to = request.to();
        // one statement: the creation lock (held until commit, see holdCreationLock), the row, and its first timeline
        // entry; it counts 1 only when the row was new
        int inserted = jdbc.sql("""
                WITH created AS (
                    INSERT INTO notifications (id, origin, origin_key, request_hash, created_by, event_id, event_source,
                        event_type, rule, template, category, priority, channels, recipient, phone, email, data, status,
                        send_at, resend_of)
                    SELECT :id, :origin, :originKey, :hash, :createdBy, :eventId, :eventSource, :eventType, :rule,
                        :template, :category, :priority, CAST(:channels AS text[]), CAST(:recipient AS jsonb), :phone,
                        :email, CAST(:data AS jsonb), 'queued', :sendAt, :resendOf
                    FROM (SELECT pg_advisory_xact_lock(hashtext(:id))) AS creation_lock
                    ON CONFLICT (origin_key) WHERE origin_key IS NOT NULL DO NOTHING
                    RETURNING id)
                INSERT INTO notification_events (notification_id, status, detail)
                SELECT id, :status, :detail FROM created
                """)
                .param("id", id)
                .param("origin", origin.wire())
                .param("originKey", originKey)
                .param("hash", requestHash)
                .param("createdBy", createdBy)
                .param("eventId", request.event() == null ? null : request.event().id())
                .param("eventSource", request.event() == null ? null : request.event().source())
                .param("eventType", request.event() == null ? null : request.event().type())
                .param("rule", request.rule())
                .param("template", request.template() == null ? "" : request.template())
                .param("category", request.category())
                .param("priority", request.priority())
                .param("channels", "{" + String.join(",", request.channels()) + "}")
                .param("recipient", write(to))
                .param("phone", addresses.phone(to.phone()).orElse(null))
                .param("email", addresses.email(to.email()).orElse(null))
                .param("data", request.data() == null ? "{}" : write(request.data()))
                .param("sendAt", request.sendAt() == null ? null : Timestamp.from(request.sendAt()))
                .param("resendOf", resendOf)
                .param("status", NotificationStatus.QUEUED.wire())
                .param("detail",
                        "accepted: template " + request.template() + ", channels "
                                + String.join(", ", request.channels())
                                + (request.sendAt() == null ? "" : ", send at " + request.sendAt()))
                .update();
        if (inserted == 1) {
            return new Created(id, true, requestHash);
        }
        return jdbc.sql("SELECT id, request_hash FROM notifications WHERE origin_key = :key")
                .param("key", originKey)
                .query((rs, row) -> new Created(rs.getString("id"), false, rs.getString("request_hash")))
                .single();
    }

    /**
     * @param id the notification's id
     * @param created whether this call created it
     * @param requestHash the hash stored with it (to tell a repeated request from a different one)
     */
    public record Created(String id, boolean created, String requestHash) {
    }

    /**
     * Takes the transaction-scoped lock a notification's creator holds until it commits. The notify step takes it
     * before reading a notification the API just created: the work message can arrive before the row is committed,
     * and this waits for the commit instead of finding nothing.
     */
    public void holdCreationLock(String id) {
        AdvisoryLocks.hold(jdbc, id);
    }

    public Optional<Notification> find(String id) {
        return jdbc.sql("SELECT * FROM notifications WHERE id = :id")
                .param("id", id)
                .query(this::notification)
                .optional();
    }

    /** Several notifications, in the order of {@code ids}. */
    public List<Notification> findAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Notification> byId = jdbc.sql("SELECT * FROM notifications WHERE id IN (:ids)")
                .param("ids", ids)
                .query(this::notification)
                .list()
                .stream()
                .collect(Collectors.toMap(Notification::id, n -> n));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** Reads and locks a notification for the rest of the transaction. */
    public Optional<Notification> lock(String id) {
        return jdbc.sql("SELECT * FROM notifications WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(this::notification)
                .optional();
    }

    /** The first copy ops resent of a notification, if any. */
    Optional<String> firstResend(String id) {
        return jdbc.sql("SELECT id FROM notifications WHERE resend_of = :id ORDER BY created_at, id LIMIT 1")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    public List<TimelineEntry> timeline(String id) {
        return jdbc.sql("SELECT status, at, detail FROM notification_events WHERE notification_id = :id ORDER BY id")
                .param("id", id)
                .query((rs, row) -> new TimelineEntry(NotificationStatus.stored(rs.getString("status")),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("detail")))
                .list();
    }

    /** Appends a step to the timeline. */
    public void timeline(String id, NotificationStatus status, String detail) {
        jdbc.sql("INSERT INTO notification_events (notification_id, status, detail) VALUES (:id, :status, :detail)")
                .param("id", id)
                .param("status", status.wire())
                .param("detail", detail)
                .update();
    }

    /**
     * Notifications the due-sends job handed over: their send time cleared (kept as {@code waited_until}) and one
     * timeline entry each, in two statements however many there are.
     */
    public void handedOver(List<String> ids, String detail) {
        String[] array = ids.toArray(String[]::new);
        jdbc.sql("""
                UPDATE notifications SET waited_until = send_at, send_at = NULL, updated_at = now()
                WHERE id = ANY(:ids)""")
                .param("ids", array)
                .update();
        jdbc.sql("""
                INSERT INTO notification_events (notification_id, status, detail)
                SELECT id, :status, :detail FROM unnest(CAST(:ids AS text[])) WITH ORDINALITY AS t(id, n) ORDER BY n
                """)
                .param("ids", array)
                .param("status", NotificationStatus.QUEUED.wire())
                .param("detail", detail)
                .update();
    }

    /**
     * The notification is about to be handed to a channel's delivery queue; returns the dispatch number the delivery
     * message must carry (a message of an earlier dispatch is stale and is dropped). With {@code outcomeUnknown} a
     * notification still {@code sending} stays so, and the new message asks the provider before it sends again.
     * {@code content} is what it says on {@code content.channel()}, kept for {@link #content}; {@code detail} is its
     * timeline entry. One statement writes all three.
     */
    public int dispatched(String id, int channelIndex, String address, String provider, RenderedMessage content,
            int templateVersion, boolean outcomeUnknown, String detail) {
        return jdbc.sql("""
                WITH timeline AS (
                    INSERT INTO notification_events (notification_id, status, detail) VALUES (:id, :status, :detail)),
                said AS (
                    INSERT INTO notification_contents (notification_id, channel, content)
                    VALUES (:id, :channel, CAST(:content AS jsonb))
                    ON CONFLICT (notification_id) DO UPDATE
                    SET channel = excluded.channel, content = excluded.content, rendered_at = now())
                UPDATE notifications SET channel_index = :index, channel = :channel, address = :address,
                    provider = :provider, variant = :variant, template_version = :version,
                    status = CASE WHEN :unknown AND status = 'sending' THEN 'sending' ELSE 'queued' END,
                    dispatch_seq = dispatch_seq + 1, updated_at = now()
                WHERE id = :id
                RETURNING dispatch_seq
                """)
                .param("id", id)
                .param("unknown", outcomeUnknown)
                .param("index", channelIndex)
                .param("channel", content.channel())
                .param("address", address)
                .param("provider", provider)
                .param("variant", content.variant())
                .param("version", templateVersion)
                .param("content", write(content))
                .param("status", NotificationStatus.QUEUED.wire())
                .param("detail", detail)
                .query(Integer.class)
                .single();
    }

    /** What the notification said when it was last handed to a channel, or empty before that (or past retention). */
    public Optional<RenderedMessage> content(String id) {
        return jdbc.sql("SELECT content FROM notification_contents WHERE notification_id = :id")
                .param("id", id)
                .query((rs, row) -> read(rs.getString("content"), RenderedMessage.class))
                .optional();
    }

    /**
     * A provider attempt starts. A repeat of one whose outcome is unknown (still {@code sending}) keeps the first
     * attempt's start, so a provider check looks back far enough to see either. {@code detail} is the timeline entry,
     * written by the same statement.
     */
    public void sending(String id, String detail) {
        jdbc.sql("""
                WITH timeline AS (
                    INSERT INTO notification_events (notification_id, status, detail) VALUES (:id, :status, :detail))
                UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now(),
                    attempt_started_at = CASE WHEN status = 'sending' AND attempt_started_at IS NOT NULL
                        THEN attempt_started_at ELSE now() END
                WHERE id = :id AND status IN ('queued', 'sending')
                """)
                .param("id", id)
                .param("status", NotificationStatus.SENDING.wire())
                .param("detail", detail)
                .update();
    }

    /**
     * The provider did not answer in time: the attempt's outcome is unknown, so the notification stays
     * {@code sending} (the next attempt asks the provider first), with the error kept for the API.
     */
    public void outcomeUnknown(String id, String errorCode, String errorMessage) {
        jdbc.sql("""
                UPDATE notifications SET error_code = :code, error_message = :message, updated_at = now()
                WHERE id = :id AND status = 'sending'
                """)
                .param("id", id)
                .param("code", errorCode)
                .param("message", shorten(errorMessage))
                .update();
    }

    /**
     * Notifications that have not moved for {@code after}: {@code sending} ones, and {@code queued} ones that were
     * due by then (a future {@code send_at} is waiting, not stuck). Locked for the caller's transaction, skipping
     * rows another instance holds.
     */
    public List<String> claimStuck(Duration after, int limit) {
        return jdbc.sql("""
                SELECT id FROM notifications
                WHERE status IN ('queued', 'sending') AND updated_at < now() - CAST(:after AS interval)
                    AND (status = 'sending' OR send_at IS NULL OR send_at < now() - CAST(:after AS interval))
                ORDER BY updated_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """)
                .param("after", after.toMillis() + " milliseconds")
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** The provider took the message; {@code detail} is the timeline entry, written by the same statement. */
    public void sent(String id, String providerMessageId, boolean sandbox, String detail) {
        jdbc.sql("""
                WITH timeline AS (
                    INSERT INTO notification_events (notification_id, status, detail) VALUES (:id, :status, :detail))
                UPDATE notifications SET status = 'sent', provider_message_id = :providerId, sandbox = :sandbox,
                    error_code = NULL, error_message = NULL, updated_at = now()
                WHERE id = :id AND status IN ('queued', 'sending')
                """)
                .param("id", id)
                .param("providerId", providerMessageId)
                .param("sandbox", sandbox)
                .param("status", NotificationStatus.SENT.wire())
                .param("detail", detail)
                .update();
    }

    /** The quiet hours its rule gave it, on the clock of {@code zone}. */
    public void quietHours(String id, QuietHours hours, ZoneId zone) {
        jdbc.sql("UPDATE notifications SET quiet_from = :from, quiet_to = :to, quiet_zone = :zone WHERE id = :id")
                .param("id", id)
                .param("from", hours.from())
                .param("to", hours.to())
                .param("zone", zone.getId())
                .update();
    }

    /**
     * Waits, still {@code queued}, until {@code until}: no channel in use (the due-sends job hands it back, and it
     * goes on from the channel it was on), and a new dispatch number, so a delivery message still out is stale.
     */
    public void waitUntil(String id, Instant until, String detail) {
        jdbc.sql("""
                WITH timeline AS (
                    INSERT INTO notification_events (notification_id, status, detail) VALUES (:id, :status, :detail))
                UPDATE notifications SET status = 'queued', channel = NULL, send_at = :until,
                    dispatch_seq = dispatch_seq + 1, updated_at = now()
                WHERE id = :id AND status = 'queued'
                """)
                .param("id", id)
                .param("until", Timestamp.from(until))
                .param("status", NotificationStatus.QUEUED.wire())
                .param("detail", detail)
                .update();
    }

    /** An attempt failed but another will follow: back to queued, the error kept for the API. */
    public void retrying(String id, String errorCode, String errorMessage) {
        jdbc.sql("""
                UPDATE notifications SET status = 'queued', error_code = :code, error_message = :message,
                    updated_at = now()
                WHERE id = :id AND status IN ('queued', 'sending')
                """)
                .param("id", id)
                .param("code", errorCode)
                .param("message", shorten(errorMessage))
                .update();
    }

    /**
     * The notification leaves {@code channel} for another attempt: the provider's error is kept on it (its status does
     * not change), and the attempt is kept for the stats of that channel.
     *
     * @param outcome how the attempt ended: failed, undelivered or bounced
     * @param providerTookIt whether the provider had taken the message (a later report), not refused it at once
     */
    public void leftChannel(String id, String channel, NotificationStatus outcome, boolean providerTookIt,
            String errorCode, String errorMessage) {
        jdbc.sql("""
                WITH attempt AS (
                    INSERT INTO notification_attempts (notification_id, channel, outcome, sent, error_code)
                    SELECT :id, CAST(:channel AS text), :outcome, :sent, :code WHERE CAST(:channel AS text) IS NOT NULL)
                UPDATE notifications SET error_code = :code, error_message = :message, updated_at = now()
                WHERE id = :id
                """)
                .param("id", id)
                .param("channel", channel)
                .param("outcome", outcome.wire())
                .param("sent", providerTookIt)
                .param("code", errorCode)
                .param("message", shorten(errorMessage))
                .update();
    }

    /** Ends a notification that has not ended yet; false when it already had. */
    public boolean finish(String id, NotificationStatus status, String reason, String errorCode, String errorMessage) {
        return jdbc.sql("""
                UPDATE notifications SET status = :status, reason = :reason,
                    error_code = coalesce(:code, error_code), error_message = coalesce(:message, error_message),
                    updated_at = now()
                WHERE id = :id AND status IN ('queued', 'sending')
                """)
                .param("id", id)
                .param("status", status.wire())
                .param("reason", reason)
                .param("code", errorCode)
                .param("message", shorten(errorMessage))
                .update() == 1;
    }

    /** Ops corrected who it goes to (an edited replay): the recipient and its normalised phone and email. */
    public void correctRecipient(String id, Recipient to) {
        jdbc.sql("""
                UPDATE notifications SET recipient = CAST(:recipient AS jsonb), phone = :phone, email = :email,
                    updated_at = now()
                WHERE id = :id
                """)
                .param("id", id)
                .param("recipient", write(to))
                .param("phone", addresses.phone(to.phone()).orElse(null))
                .param("email", addresses.email(to.email()).orElse(null))
                .update();
    }

    /**
     * A parked notification goes back to {@code queued} with no channel chosen, to be dispatched afresh (a replay
     * from the dead letters); false when it is not parked.
     */
    public boolean requeue(String id) {
        return jdbc.sql("""
                UPDATE notifications SET status = 'queued', reason = NULL, channel = NULL, channel_index = NULL,
                    updated_at = now()
                WHERE id = :id AND status = 'parked'
                """)
                .param("id", id)
                .update() == 1;
    }

    /** The notification a provider knows by this message id, locked for this transaction. */
    public Optional<Notification> lockByProviderMessage(String provider, String providerMessageId) {
        return jdbc.sql("""
                SELECT * FROM notifications WHERE provider_message_id = :messageId AND provider = :provider
                ORDER BY created_at DESC LIMIT 1 FOR UPDATE
                """)
                .param("provider", provider)
                .param("messageId", providerMessageId)
                .query(this::notification)
                .optional();
    }

    /** Moves a notification on from {@code from} (so two reports cannot both win); false when it was not there. */
    public boolean advance(String id, NotificationStatus from, NotificationStatus to, String errorCode,
            String errorMessage) {
        return jdbc.sql("""
                UPDATE notifications SET status = :to,
                    error_code = coalesce(:code, error_code), error_message = coalesce(:message, error_message),
                    updated_at = now()
                WHERE id = :id AND status = :from
                """)
                .param("id", id)
                .param("from", from.wire())
                .param("to", to.wire())
                .param("code", errorCode)
                .param("message", shorten(errorMessage))
                .update() == 1;
    }

    /** The notification created from a notify work message, found by that message's origin key. */
    public Optional<String> idByOriginKey(String originKey) {
        return jdbc.sql("SELECT id FROM notifications WHERE origin_key = :key")
                .param("key", originKey)
                .query(String.class)
                .optional();
    }

    /**
     * The pending digest for {@code key} of the rule whose id, then former ids, are {@code rules}, after taking the
     * key's lock for this transaction (so two events for one key never open two digests).
     */
    public Optional<String> openDigest(List<String> rules, String key) {
        AdvisoryLocks.hold(jdbc, "digest/" + rules.get(0) + "/" + key);
        return jdbc.sql("""
                SELECT id FROM notifications
                WHERE rule = ANY(:rules) AND digest_key = :key AND status = 'queued' AND channel IS NULL
                ORDER BY created_at LIMIT 1
                FOR UPDATE
                """)
                .param("rules", rules.toArray(String[]::new))
                .param("key", key)
                .query(String.class)
                .optional();
    }

    /** Marks a new notification as the pending digest of its rule for {@code key}. */
    public void digestKey(String id, String key) {
        jdbc.sql("UPDATE notifications SET digest_key = :key WHERE id = :id").param("key", key).param("id", id)
                .update();
    }

    /** Adds an event to a pending digest (once: a repeated event is already there); true when it was added. */
    public boolean addToDigest(String id, JsonNode event) {
        return jdbc.sql("""
                UPDATE notifications
                SET data = jsonb_set(jsonb_set(data, '{events}',
                                               data->'events' || jsonb_build_array(CAST(:event AS jsonb))),
                                     '{count}', to_jsonb(jsonb_array_length(data->'events') + 1))
                WHERE id = :id
                  AND NOT data->'events' @> jsonb_build_array(jsonb_build_object('id', CAST(:eventId AS text),
                                                                                 'source', CAST(:source AS text)))
                """)
                .param("event", write(event))
                .param("eventId", event.path("id").asText())
                .param("source", event.path("source").asText())
                .param("id", id)
                .update() == 1;
    }

    /**
     * What a routing rule's {@code cancel_on} is about: the timed sends of {@code rule} made by events from
     * {@code source} that carry {@code match} (their subject, or the value at {@code cancel_key}).
     */
    public record CancelScope(String rule, String source, String match) {
    }

    /**
     * Holds {@code scope} for this transaction, before any notification row is locked: a send being made and an event
     * calling sends off take it in turn, so whichever comes second sees what the first wrote, on any instance.
     */
    public void holdCancelScope(CancelScope scope) {
        AdvisoryLocks.hold(jdbc, "cancel/" + scope.rule() + "/" + scope.source() + "/" + scope.match());
    }

    /**
     * A timed send that a later event of one of {@code types} in {@code scope} calls off; {@code seq} is the place of
     * the event that made it in the order the hub received events (null from a hub that did not say).
     */
    public void cancelOn(String id, List<String> types, CancelScope scope, Long seq) {
        jdbc.sql("""
                UPDATE notifications SET cancel_on = :types, cancel_match = :match, cancel_seq = :seq WHERE id = :id
                """)
                .param("types", types.toArray(String[]::new))
                .param("match", scope.match())
                .param("seq", seq, Types.BIGINT)
                .param("id", id)
                .update();
    }

    /**
     * Gives a resend that waits what calls off the send it repeats: events received after the one that made that send
     * call this one off too (a call-off that already ended the first does not, as someone asked for it again).
     */
    public void inheritCancelOn(String id, String original) {
        jdbc.sql("""
                SELECT rule, event_source, cancel_match FROM notifications
                WHERE id = :original AND cancel_match IS NOT NULL AND rule IS NOT NULL
                """)
                .param("original", original)
                .query((rs, row) -> new CancelScope(rs.getString("rule"), rs.getString("event_source"),
                        rs.getString("cancel_match")))
                .optional()
                .ifPresent(scope -> {
                    holdCancelScope(scope);
                    jdbc.sql("""
                            UPDATE notifications n
                            SET cancel_on = o.cancel_on, cancel_match = o.cancel_match, cancel_seq = o.cancel_seq
                            FROM notifications o
                            WHERE n.id = :id AND o.id = :original
                            """)
                            .param("id", id)
                            .param("original", original)
                            .update();
                });
    }

    /**
     * Records that event {@code eventId} of {@code type}, received as {@code seq}, calls off the sends in
     * {@code scope}, for a send whose notify message is handled only after this (see {@link #calledOffAfter}). Under
     * {@link #holdCancelScope}, as are the two below.
     */
    public void recordCallOff(CancelScope scope, String type, String eventId, long seq) {
        inScope(scope, """
                INSERT INTO workflow_cancels (rule, source, match, type, event_id, event_seq)
                VALUES (:rule, :source, :match, :type, :eventId, :seq)
                ON CONFLICT DO NOTHING
                """)
                .param("type", type)
                .param("eventId", eventId)
                .param("seq", seq)
                .update();
    }

    /**
     * The call-off that already holds for a send in {@code scope} made by the event received as {@code seq}: the
     * first event of one of {@code types} received after it, as the timeline says it ("cancelled by …").
     */
    public Optional<String> calledOffAfter(CancelScope scope, List<String> types, long seq) {
        return inScope(scope, """
                SELECT type, event_id FROM workflow_cancels
                WHERE rule = :rule AND source = :source AND match = :match AND type = ANY(:types) AND event_seq > :seq
                ORDER BY event_seq
                LIMIT 1
                """)
                .param("types", types.toArray(String[]::new))
                .param("seq", seq)
                .query((rs, n) -> calledOffBy(rs.getString("type"), rs.getString("event_id"), scope.source()))
                .optional();
    }

    /**
     * Another send of {@code campaign} to the person {@code notification} is for (the same phone or the same email),
     * one not cancelled, or empty. Holds that person's place in the campaign until the transaction ends, so that of
     * two sends to one person entering at once, the second sees the first.
     */
    public Optional<String> campaignTwin(String campaign, Notification notification) {
        List<String> addresses = Stream.of(notification.phone(), notification.email()).filter(Objects::nonNull)
                .sorted().toList();
        addresses.forEach(address -> AdvisoryLocks.hold(jdbc, "campaign-recipient|" + campaign + "|" + address));
        if (addresses.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT id FROM notifications
                WHERE (phone = :phone OR email = :email)
                  AND campaign_id = :campaign AND id <> :id AND status <> 'cancelled'
                ORDER BY created_at, id
                LIMIT 1
                """)
                .param("phone", notification.phone())
                .param("email", notification.email())
                .param("campaign", campaign)
                .param("id", notification.id())
                .query(String.class)
                .optional();
    }

    // a statement about the sends of one cancel scope, its :rule, :source and :match bound
    private JdbcClient.StatementSpec inScope(CancelScope scope, String sql) {
        return jdbc.sql(sql).param("rule", scope.rule()).param("source", scope.source()).param("match",
                scope.match());
    }

    /** How a send's timeline says which event called it off. */
    public static String calledOffBy(String type, String eventId, String source) {
        return "cancelled by " + type + " " + eventId + " from " + source + " before its send time";
    }

    /**
     * The sends in {@code scope} still waiting for their time that an event of {@code type} received as {@code seq}
     * calls off, locked for this transaction: the due-sends job cannot hand one over meanwhile, nor this take one it
     * already handed over. Only sends made by events received before it (a send with no such place counts as
     * earlier); never the sends of event {@code eventId} itself, so a type that both schedules and calls off (a
     * reschedule) replaces the earlier sends with its own.
     */
    public List<String> lockCancellable(CancelScope scope, String type, String eventId, long seq) {
        return inScope(scope, """
                SELECT id FROM notifications
                WHERE rule = :rule AND event_source = :source AND cancel_match = :match AND :type = ANY(cancel_on)
                  AND event_id IS DISTINCT FROM :eventId AND coalesce(cancel_seq, 0) < :seq
                  AND status = 'queued' AND channel IS NULL
                ORDER BY id
                FOR UPDATE
                """)
                .param("type", type)
                .param("eventId", eventId)
                .param("seq", seq)
                .query(String.class)
                .list();
    }

    /** Names the occasion a notification tells of, for its rule's {@code once_per}. */
    public void oncePer(String id, String occasion) {
        jdbc.sql("UPDATE notifications SET once_key = :occasion WHERE id = :id")
                .param("occasion", occasion)
                .param("id", id)
                .update();
    }

    /**
     * The notification that last told this one's recipient of the same occasion, when it said the same (the same
     * rule, template and channels, and the same data wherever the template reads it: {@link SameNews}), said for the
     * timeline of this one, which would repeat it. Only the last event's news counts, so a charter moved to another
     * date and back is told again. The occasion is locked for this transaction, so of two copies handled at once the
     * second sees the first.
     *
     * @param reads the data paths the template reads, asked only when an earlier notification is there to compare;
     *        null when the template is not known, and all the data is compared
     */
    public Optional<String> toldBefore(Notification notification, String occasion, Supplier<Set<String>> reads) {
        AdvisoryLocks.hold(jdbc, "once|" + notification.eventSource() + "|" + occasion);
        List<Notification> candidates = jdbc.sql("""
                WITH n AS (SELECT * FROM notifications WHERE id = :id),
                last AS (
                    SELECT o.event_id FROM notifications o, n
                    WHERE o.event_source = n.event_source AND o.once_key = :occasion AND o.event_id <> n.event_id
                      AND o.phone IS NOT DISTINCT FROM n.phone AND o.email IS NOT DISTINCT FROM n.email
                      AND o.status IN (:told)
                    ORDER BY o.created_at DESC, o.id DESC
                    LIMIT 1)
                SELECT o.* FROM notifications o, n, last
                WHERE o.event_id = last.event_id AND o.event_source = n.event_source AND o.once_key = :occasion
                  AND o.phone IS NOT DISTINCT FROM n.phone AND o.email IS NOT DISTINCT FROM n.email
                  AND o.status IN (:told) AND o.rule = n.rule AND o.template = n.template
                  AND o.channels = n.channels
                ORDER BY o.id
                """)
                .param("id", notification.id())
                .param("occasion", occasion)
                .param("told", NotificationStatus.TOLD)
                .query(this::notification)
                .list();
        Set<String> paths = candidates.isEmpty() ? null : reads.get();
        return candidates.stream()
                .filter(told -> paths == null
                        ? withoutScheduled(told.data()).equals(withoutScheduled(notification.data()))
                        : SameNews.same(told.data(), notification.data(), paths))
                .findFirst()
                .map(told -> "notification " + told.id() + " of event " + told.eventId() + " told them the same at "
                        + TOLD_AT.format(told.createdAt()));
    }

    private static JsonNode withoutScheduled(JsonNode data) {
        if (data instanceof ObjectNode object && object.has(SameNews.SCHEDULED)) {
            ObjectNode copy = object.deepCopy();
            copy.remove(SameNews.SCHEDULED);
            return copy;
        }
        return data;
    }

    /** Marks a new notification as one of a campaign's. */
    public void campaign(String id, String campaignId) {
        jdbc.sql("UPDATE notifications SET campaign_id = :campaign WHERE id = :id")
                .param("campaign", campaignId)
                .param("id", id)
                .update();
    }

    /**
     * A campaign's notifications not yet handed to a channel, locked for this transaction: the due-sends job and the
     * notify step cannot send one meanwhile, nor this take one they already sent.
     */
    public List<String> lockWaiting(String campaignId) {
        return jdbc.sql("""
                SELECT id FROM notifications
                WHERE campaign_id = :campaign AND status = 'queued' AND channel IS NULL
                ORDER BY id
                FOR UPDATE
                """)
                .param("campaign", campaignId)
                .query(String.class)
                .list();
    }

    /** Notifications due now that wait for their send time, locked for this transaction; others skip them. */
    public List<String> claimDue(int limit) {
        return jdbc.sql("""
                SELECT id FROM notifications
                WHERE status = 'queued' AND channel IS NULL AND send_at <= now()
                ORDER BY send_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """)
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /**
     * How long the most overdue of the notifications {@link #claimDue} would take has been due, 0 when none is: under
     * the due-sends interval unless nothing hands them over (the ops console and a gauge show it).
     */
    public double overdueSeconds() {
        return jdbc.sql("""
                SELECT coalesce(extract(epoch FROM now() - min(send_at)), 0) FROM notifications
                WHERE status = 'queued' AND channel IS NULL AND send_at <= now()
                """)
                .query(Double.class)
                .single();
    }

    private Notification notification(ResultSet rs, int row) throws SQLException {
        Array channels = rs.getArray("channels");
        return new Notification(rs.getString("id"), rs.getString("origin"), rs.getString("event_id"),
                rs.getString("event_source"), rs.getString("event_type"), rs.getString("rule"),
                rs.getString("template"), (Integer) rs.getObject("template_version"), rs.getString("variant"),
                rs.getString("category"), rs.getString("priority"),
                channels == null ? List.of() : Arrays.asList((String[]) channels.getArray()),
                (Integer) rs.getObject("channel_index"), rs.getInt("dispatch_seq"), rs.getString("channel"),
                rs.getString("address"),
                read(rs.getString("recipient"), Recipient.class), rs.getString("phone"), rs.getString("email"),
                read(rs.getString("data"), JsonNode.class), NotificationStatus.stored(rs.getString("status")),
                rs.getString("reason"),
                rs.getInt("attempts"), rs.getString("provider"), rs.getString("provider_message_id"),
                rs.getString("error_code"), rs.getString("error_message"), rs.getBoolean("sandbox"),
                Rows.instant(rs, "send_at"), rs.getString("resend_of"), rs.getString("created_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "attempt_started_at"), quietHours(rs), quietZone(rs), rs.getString("digest_key"),
                Rows.instant(rs, "waited_until"));
    }

    private static QuietHours quietHours(ResultSet rs) throws SQLException {
        LocalTime from = rs.getObject("quiet_from", LocalTime.class);
        LocalTime to = rs.getObject("quiet_to", LocalTime.class);
        return from == null || to == null ? null : new QuietHours(from, to);
    }

    private static ZoneId quietZone(ResultSet rs) throws SQLException {
        String zone = rs.getString("quiet_zone");
        return zone == null ? null : TimeZones.or(zone, null);
    }

    private <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable notification column", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(withoutNul(json.valueToTree(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    // jsonb refuses U+0000; callers reject it earlier, this keeps a stray one from breaking the insert. It works on
    // the tree, never on the JSON text, where the six characters \u0000 may just as well be a caller's literal text.
    private JsonNode withoutNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') < 0 ? node : TextNode.valueOf(node.textValue().replace("\0", ""));
        }
        if (node.isArray()) {
            ArrayNode clean = json.createArrayNode();
            node.forEach(element -> clean.add(withoutNul(element)));
            return clean;
        }
        if (node.isObject()) {
            ObjectNode clean = json.createObjectNode();
            node.fields().forEachRemaining(field -> clean.set(field.getKey().replace("\0", ""),
                    withoutNul(field.getValue())));
            return clean;
        }
        return node;
    }

    private static String shorten(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000) + "…";
    }
}
