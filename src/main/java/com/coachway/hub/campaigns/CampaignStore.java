package com.coachway.hub.campaigns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.CampaignGate;
import com.coachway.hub.delivery.CancelBody;

/** Campaigns in PostgreSQL: the row of each, its batches, and where it stands (the {@code campaign_progress} view). */
@Component
class CampaignStore implements CampaignGate {

    private final JdbcClient jdbc;

    CampaignStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A campaign as read.
     *
     * @param recipients how many recipients its events named
     * @param created notifications made for them so far
     * @param waiting of those, still waiting for their send time
     */
    record Campaign(String id, String template, Instant sendAt, String eventSource, String eventId, int recipients,
            Instant createdAt, Instant cancelledAt, String cancelledBy, String cancelReason, long created, long waiting,
            CampaignStatus status) {

        /** What the timeline of a send a campaign's cancel stopped says. */
        static String cancelled(String id, String by, String reason) {
            return CancelBody.said("cancelled with campaign " + id + " by " + by + " before it was sent", reason);
        }
    }

    record Page(List<Campaign> items, long total) {
    }

    @Override
    public Optional<String> enter(Batch batch) {
        jdbc.sql("""
                INSERT INTO campaigns (id, template, send_at, event_source, event_id)
                VALUES (:id, :template, :sendAt, :source, :eventId)
                ON CONFLICT (id) DO NOTHING
                """)
                .param("id", batch.id())
                .param("template", batch.template() == null ? "" : batch.template())
                .param("sendAt", batch.sendAt() == null ? null : Timestamp.from(batch.sendAt()))
                .param("source", batch.eventSource())
                .param("eventId", batch.eventId())
                .update();
        int added = jdbc.sql("""
                INSERT INTO campaign_batches (campaign_id, event_source, event_id, recipients)
                VALUES (:id, :source, :eventId, :recipients)
                ON CONFLICT DO NOTHING
                """)
                .param("id", batch.id())
                .param("source", batch.eventSource())
                .param("eventId", batch.eventId())
                .param("recipients", batch.recipients())
                .update();
        if (added == 1) {
            jdbc.sql("UPDATE campaigns SET recipients = recipients + :recipients WHERE id = :id")
                    .param("recipients", batch.recipients())
                    .param("id", batch.id())
                    .update();
        }
        // shared: many sends of one campaign enter at once; a cancel waits for them, and they for it
        return jdbc.sql("SELECT cancelled_at, cancelled_by, cancel_reason FROM campaigns WHERE id = :id FOR SHARE")
                .param("id", batch.id())
                .query((rs, row) -> rs.getTimestamp("cancelled_at") == null
                        ? null
                        : Campaign.cancelled(batch.id(), rs.getString("cancelled_by"), rs.getString("cancel_reason")))
                .optional();
    }

    Optional<Campaign> find(String id) {
        return jdbc.sql("SELECT * FROM campaign_progress WHERE id = :id")
                .param("id", id)
                .query(this::campaign)
                .optional();
    }

    /** The campaign, locked against its sends entering and against another cancel until this transaction ends. */
    Optional<Campaign> lock(String id) {
        if (jdbc.sql("SELECT id FROM campaigns WHERE id = :id FOR UPDATE").param("id", id).query(String.class)
                .optional().isEmpty()) {
            return Optional.empty();
        }
        return find(id);
    }

    /** @param reason why, or null */
    void cancelled(String id, String by, String reason) {
        jdbc.sql(
                "UPDATE campaigns SET cancelled_at = now(), cancelled_by = :by, cancel_reason = :reason WHERE id = :id")
                .param("by", by)
                .param("reason", reason)
                .param("id", id)
                .update();
    }

    /** Newest first; a null status or source does not narrow it. */
    Page list(CampaignStatus status, String source, int page, int size) {
        String wire = status == null ? null : status.wire();
        List<Campaign> items = jdbc.sql("""
                SELECT * FROM campaign_progress
                WHERE (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:source AS text) IS NULL OR event_source = :source)
                ORDER BY created_at DESC, id
                LIMIT :size OFFSET :offset
                """)
                .param("status", wire)
                .param("source", source)
                .param("size", size)
                .param("offset", (long) page * size)
                .query(this::campaign)
                .list();
        long total = jdbc.sql("""
                SELECT count(*) FROM campaign_progress
                WHERE (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:source AS text) IS NULL OR event_source = :source)
                """)
                .param("status", wire)
                .param("source", source)
                .query(Long.class)
                .single();
        return new Page(items, total);
    }

    /** How many of the campaign's notifications are in each status. */
    Map<String, Long> byStatus(String id) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT status, count(*) AS n FROM notifications WHERE campaign_id = :id GROUP BY status ORDER BY 1")
                .param("id", id)
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    private Campaign campaign(ResultSet rs, int row) throws SQLException {
        return new Campaign(rs.getString("id"), rs.getString("template"), instant(rs.getTimestamp("send_at")),
                rs.getString("event_source"), rs.getString("event_id"), rs.getInt("recipients"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("cancelled_at")),
                rs.getString("cancelled_by"), rs.getString("cancel_reason"), rs.getLong("created"),
                rs.getLong("waiting"),
                CampaignStatus.of(rs.getString("status")).orElseThrow());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
