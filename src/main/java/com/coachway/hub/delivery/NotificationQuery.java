package com.coachway.hub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.Rows;

/** The filtered, paged notification list of {@code GET /api/v1/notifications}; every filter is optional. */
@Component
class NotificationQuery {

    private final JdbcClient jdbc;
    private final NotificationStore store;

    NotificationQuery(JdbcClient jdbc, NotificationStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /**
     * @param recipient normalised phone or email
     * @param status a status
     * @param template a template name
     * @param eventId the event behind it, or one of those a digest gathered
     * @param since created at or after
     * @param until created before
     * @param ownerName when set, only notifications this caller created or its source's events caused
     * @param ownerSource the caller's source, with {@code ownerName}
     * @param subject the subject of the event behind it
     * @param campaign one of this campaign's sends
     * @param leadId what the hub told about this lead (its agents, its customer, ops)
     * @param timed which timed sends: {@link Timed#PENDING} those still waiting for their {@code send_at},
     *            {@link Timed#ANY} every one that had a {@code send_at} (kept as {@code waited_until} once handed
     *            over); both soonest first
     */
    record Filter(String recipient, String status, String template, String eventId, Instant since, Instant until,
            String ownerName, String ownerSource, String subject, String campaign, String leadId, Timed timed) {

        Filter(String recipient, String status, String template, String eventId, Instant since, Instant until,
                String ownerName, String ownerSource, String leadId, boolean pending) {
            this(recipient, status, template, eventId, since, until, ownerName, ownerSource, null, null, leadId,
                    pending ? Timed.PENDING : null);
        }
    }

    /** Sends with a {@code send_at}: those still waiting, or all of them. */
    enum Timed {
        PENDING, ANY
    }

    record Page(List<Notification> items, long total) {
    }

    Page find(Filter filter, int page, int size) {
        Rows.Paged<String> found = Rows.page(jdbc.sql(
                """
                        WITH matching AS (
                            SELECT n.id, n.created_at, coalesce(n.send_at, n.waited_until) AS send_at
                            FROM notifications n
                            WHERE (CAST(:recipient AS text) IS NULL OR n.phone = :recipient OR n.email = :recipient)
                              AND (CAST(:status AS text) IS NULL OR n.status = :status)
                              AND (CAST(:template AS text) IS NULL OR n.template = :template)
                              AND (CAST(:eventId AS text) IS NULL OR n.event_id = :eventId
                                   OR n.digest_key IS NOT NULL AND n.data -> 'events'
                                      @> jsonb_build_array(jsonb_build_object('id', CAST(:eventId AS text))))
                              AND (CAST(:since AS timestamptz) IS NULL OR n.created_at >= :since)
                              AND (CAST(:until AS timestamptz) IS NULL OR n.created_at < :until)
                              AND (CAST(:ownerName AS text) IS NULL OR n.created_by = :ownerName
                                   OR n.event_source = :ownerSource)
                              AND (CAST(:timed AS text) IS NULL
                                   OR n.send_at IS NOT NULL OR n.waited_until IS NOT NULL)
                              AND (CAST(:timed AS text) IS DISTINCT FROM 'PENDING' OR (n.status = 'queued' AND n.channel IS NULL))
                              AND (CAST(:subject AS text) IS NULL OR EXISTS (SELECT 1 FROM events e
                                   WHERE e.source = n.event_source AND e.event_id = n.event_id AND e.subject = :subject))
                              AND (CAST(:campaign AS text) IS NULL OR n.campaign_id = :campaign)
                              AND (CAST(:leadKeys AS text) IS NULL
                                   OR n.origin = 'lead' AND n.origin_key LIKE :leadKeys ESCAPE '\\'))
                        SELECT t.total, p.id FROM (SELECT count(*) AS total FROM matching) t
                        LEFT JOIN (SELECT id, created_at, send_at FROM matching
                                   ORDER BY CASE WHEN :scheduled THEN send_at END, created_at DESC, id DESC
                                   LIMIT :size OFFSET :offset) p ON true
                        ORDER BY CASE WHEN :scheduled THEN p.send_at END, p.created_at DESC, p.id DESC
                        """)
                .param("recipient", filter.recipient())
                .param("status", filter.status())
                .param("template", filter.template())
                .param("eventId", filter.eventId())
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("until", filter.until() == null ? null : Timestamp.from(filter.until()))
                .param("ownerName", filter.ownerName())
                .param("ownerSource", filter.ownerSource())
                .param("scheduled", filter.timed() != null)
                .param("timed", filter.timed() == null ? null : filter.timed().name())
                .param("subject", filter.subject())
                .param("campaign", filter.campaign())
                .param("leadKeys", filter.leadId() == null ? null : "lead:" + likeLiteral(filter.leadId()) + ":%"),
                page, size, "id", (rs, row) -> rs.getString("id"));
        return new Page(store.findAll(found.items()), found.total());
    }

    // the origin keys of a lead's notices begin "lead:<id>:" (LeadNotices); the id is matched as written, not as a
    // pattern
    private static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
