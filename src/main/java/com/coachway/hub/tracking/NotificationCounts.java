package com.coachway.hub.tracking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What became of a group of notifications, in the counts the stats and the campaigns report: sent, delivered, opened,
 * clicked, bounced, failed, blocked and unsubscribed, read from the notifications, their tracking and the consent
 * history.
 */
@Component
public class NotificationCounts {

    private final JdbcClient jdbc;

    NotificationCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which notifications to count; a null part does not narrow it.
     *
     * @param template made from this template
     * @param channel sent (or tried) on this channel
     * @param since created at or after
     * @param until created before
     * @param campaign one of this campaign's
     */
    public record Scope(String template, String channel, Instant since, Instant until, String campaign) {

        public static Scope campaign(String id) {
            return new Scope(null, null, null, null, id);
        }
    }

    /**
     * Counts of one group of notifications.
     *
     * @param total created in the range
     * @param sent handed to a provider; an email the receiving server refused at once (bounced) was sent too, so the
     *        bounce rate of a list of dead addresses is 1, not 0 for want of a provider's message id
     * @param delivered reported delivered, read, opened or clicked; for email, sent and not bounced or failed
     * @param opened email opened or WhatsApp read
     * @param clicked a tracked link clicked
     * @param bounced bounced
     * @param failed failed or undelivered (at the provider or before: its rate is out of total)
     * @param blocked blocked by consent or for want of an address
     * @param unsubscribed opted out in answer to it: the email's link, or a STOP (or marketing stop phrase) texted back
     *        to it, the last message on its channel, or quoting it
     */
    @Schema(name = "NotificationCounts")
    public record Counts(long total, long sent, long delivered, long opened, long clicked, long bounced, long failed,
            long blocked, long unsubscribed) {

        long of(String metric) {
            return switch (metric) {
                case "delivered" -> delivered;
                case "opened" -> opened;
                default -> clicked;
            };
        }

        /** The denominator of a metric's rate: delivery is out of sent, engagement out of delivered. */
        long base(String metric) {
            return "delivered".equals(metric) ? sent : delivered;
        }

        public Map<String, Double> rates() {
            Map<String, Double> rates = new LinkedHashMap<>();
            rates.put("delivered", rate(delivered, sent));
            rates.put("opened", rate(opened, delivered));
            rates.put("clicked", rate(clicked, delivered));
            rates.put("bounced", rate(bounced, sent));
            rates.put("failed", rate(failed, total));
            rates.put("blocked", rate(blocked, total));
            rates.put("unsubscribed", rate(unsubscribed, delivered));
            return rates;
        }
    }

    /** The counts of the notifications in {@code scope}, per A/B variant ({@code ""} for none). */
    public Map<String, Counts> byVariant(Scope scope) {
        Map<String, Counts> groups = new LinkedHashMap<>();
        // with a channel, a notification that left it for the next one in its fallback order counts there too: once
        // more in total, as failed (or bounced), and as sent when the provider had taken it (or bounced it); one that
        // ended on the channel is counted once, as what it ended
        jdbc.sql("""
                WITH scoped AS NOT MATERIALIZED (
                    SELECT * FROM notifications n
                    WHERE (CAST(:template AS text) IS NULL OR n.template = :template)
                      AND (CAST(:campaign AS text) IS NULL OR n.campaign_id = :campaign)
                      AND (CAST(:since AS timestamptz) IS NULL OR n.created_at >= :since)
                      AND (CAST(:until AS timestamptz) IS NULL OR n.created_at < :until)),
                ended AS (
                    SELECT coalesce(n.variant, '') AS variant,
                           count(*) AS total,
                           count(*) FILTER (WHERE n.provider_message_id IS NOT NULL
                               OR n.status = 'bounced') AS sent,
                           count(*) FILTER (WHERE n.status IN ('delivered', 'read', 'opened', 'clicked')
                               OR (n.channel = 'email' AND n.provider_message_id IS NOT NULL
                                   AND n.status NOT IN ('bounced', 'failed', 'undelivered'))) AS delivered,
                           count(*) FILTER (WHERE n.status IN ('read', 'opened', 'clicked')
                               OR EXISTS (SELECT 1 FROM tracking_events e WHERE e.notification_id = n.id)) AS opened,
                           count(*) FILTER (WHERE n.status = 'clicked' OR EXISTS (SELECT 1 FROM tracking_events e
                               WHERE e.notification_id = n.id AND e.kind = 'click')) AS clicked,
                           count(*) FILTER (WHERE n.status = 'bounced') AS bounced,
                           count(*) FILTER (WHERE n.status IN ('failed', 'undelivered')) AS failed,
                           count(*) FILTER (WHERE n.status = 'blocked') AS blocked,
                           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM consent_history h
                               WHERE h.notification_id = n.id AND h.action = 'opt_out'
                                 AND h.source IN ('unsubscribe_link', 'sms_keyword', 'whatsapp'))) AS unsubscribed
                    FROM scoped n
                    WHERE CAST(:channel AS text) IS NULL OR n.channel = :channel
                    GROUP BY 1),
                left_behind AS (
                    SELECT coalesce(n.variant, '') AS variant, count(*) AS total,
                           count(*) FILTER (WHERE a.sent OR a.outcome = 'bounced') AS sent,
                           0 AS delivered, 0 AS opened, 0 AS clicked,
                           count(*) FILTER (WHERE a.outcome = 'bounced') AS bounced,
                           count(*) FILTER (WHERE a.outcome <> 'bounced') AS failed, 0 AS blocked,
                           0 AS unsubscribed
                    FROM notification_attempts a JOIN scoped n ON n.id = a.notification_id
                    WHERE a.channel = :channel
                      -- one that ended on the channel is counted above, as what it ended (it failed or bounced
                      -- there with nowhere left to go, or WhatsApp's free text gave way to its approved template)
                      AND n.channel IS DISTINCT FROM a.channel
                    GROUP BY 1)
                SELECT variant, sum(total) AS total, sum(sent) AS sent, sum(delivered) AS delivered,
                       sum(opened) AS opened, sum(clicked) AS clicked, sum(bounced) AS bounced, sum(failed) AS failed,
                       sum(blocked) AS blocked, sum(unsubscribed) AS unsubscribed
                FROM (SELECT * FROM ended UNION ALL SELECT * FROM left_behind) counted
                GROUP BY variant
                ORDER BY 1
                """)
                .param("template", scope.template())
                .param("channel", scope.channel())
                .param("campaign", scope.campaign())
                .param("since", scope.since() == null ? null : Timestamp.from(scope.since()))
                .param("until", scope.until() == null ? null : Timestamp.from(scope.until()))
                .query(rs -> {
                    groups.put(rs.getString("variant"), new Counts(rs.getLong("total"), rs.getLong("sent"),
                            rs.getLong("delivered"), rs.getLong("opened"), rs.getLong("clicked"), rs.getLong("bounced"),
                            rs.getLong("failed"), rs.getLong("blocked"), rs.getLong("unsubscribed")));
                });
        return groups;
    }

    /** All groups together. */
    public static Counts total(Collection<Counts> groups) {
        return groups.stream().reduce(new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), NotificationCounts::plus);
    }

    private static Counts plus(Counts a, Counts b) {
        return new Counts(a.total() + b.total(), a.sent() + b.sent(), a.delivered() + b.delivered(),
                a.opened() + b.opened(), a.clicked() + b.clicked(), a.bounced() + b.bounced(),
                a.failed() + b.failed(), a.blocked() + b.blocked(), a.unsubscribed() + b.unsubscribed());
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
