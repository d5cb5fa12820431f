package com.coachway.hub.console;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.outbound.DownstreamStatus;
import com.coachway.hub.security.Caller;
import com.coachway.hub.security.Roles;
import com.coachway.hub.tracking.CallbackState;

/**
 * {@code GET /ops/api/me} and {@code GET /ops/api/overview}. The overview is a read model over the dead letters,
 * notifications and status callbacks set aside, and the downstream systems taking no pushes: aggregate counts only,
 * read with short indexed queries, never a write.
 */
@Component
class ConsoleApi {

    static final Duration WINDOW = Duration.ofHours(24);
    static final int TOP_GROUPS = 50;

    private final JdbcClient jdbc;
    private final ProblemReplies replies;
    private final NotificationStore notifications;
    private final DownstreamStatus downstream;

    ConsoleApi(JdbcClient jdbc, ProblemReplies replies, NotificationStore notifications,
            DownstreamStatus downstream) {
        this.jdbc = jdbc;
        this.replies = replies;
        this.notifications = notifications;
        this.downstream = downstream;
    }

    /**
     * Who is logged in, so the console can disable what they may not do (the API refuses it anyway).
     *
     * @param canWrite may replay, discard, resend and cancel
     */
    record Me(String name, Set<String> roles, boolean canWrite) {
    }

    public HttpReply me(Caller caller) {
        boolean writes = caller.hasRole(Roles.OPS) || caller.hasRole(Roles.ADMIN);
        return replies.json(200, new Me(caller.name(), new TreeSet<>(caller.roles()), writes));
    }

    /** Parked dead letters sharing a queue and a reason. */
    record Group(String queue, String reason, long count, Instant latest) {
    }

    /** Notifications created in one hour that now have one status. */
    record HourCount(Instant hour, String status, long count) {
    }

    /**
     * @param parked every parked dead letter
     * @param parkedLastHour of those, parked in the last hour
     * @param groups the largest groups by queue and reason
     * @param notifications the last 24 hours, by hour of creation and current status
     * @param createdLastHour notifications created in the last hour
     * @param callbacksSetAside provider status callbacks that kept failing to apply, waiting for ops
     * @param scheduledOverdueSeconds how long the most overdue timed send has been due: under the due-sends interval
     *            unless nothing hands them over
     * @param repliesWaiting customers' texts that wait for a person: neither answered from the hub nor marked handled
     * @param leadsWaiting leads no agent could take yet (all at their cap, or none active): sales not yet started
     * @param downstream the downstream systems taking no pushes now (not answering, or off with pushes waiting)
     */
    record Overview(Instant at, long parked, long parkedLastHour, List<Group> groups, List<HourCount> notifications,
            long createdLastHour, long callbacksSetAside, long scheduledOverdueSeconds, long repliesWaiting,
            long leadsWaiting, List<DownstreamStatus.Stalled> downstream) {
    }

    public HttpReply overview() {
        Instant now = Instant.now();
        Timestamp hourAgo = Timestamp.from(now.minus(Duration.ofHours(1)));
        List<Group> groups = jdbc.sql("""
                SELECT queue, reason, count(*) AS n, max(parked_at) AS latest FROM dead_letters
                WHERE status = 'parked'
                GROUP BY queue, reason ORDER BY n DESC, latest DESC LIMIT :top
                """)
                .param("top", TOP_GROUPS)
                .query((rs, row) -> new Group(rs.getString("queue"), rs.getString("reason"), rs.getLong("n"),
                        rs.getTimestamp("latest").toInstant()))
                .list();
        long[] parked = jdbc.sql("""
                SELECT count(*) AS total, count(*) FILTER (WHERE parked_at >= :hourAgo) AS recent
                FROM dead_letters WHERE status = 'parked'
                """)
                .param("hourAgo", hourAgo)
                .query((rs, row) -> new long[]{rs.getLong("total"), rs.getLong("recent")})
                .single();
        Instant since = now.minus(WINDOW).truncatedTo(ChronoUnit.HOURS);
        List<HourCount> hours = jdbc.sql("""
                SELECT date_trunc('hour', created_at) AS hour, status, count(*) AS n FROM notifications
                WHERE created_at >= :since
                GROUP BY 1, 2 ORDER BY 1, 2
                """)
                .param("since", Timestamp.from(since))
                .query((rs, row) -> new HourCount(rs.getTimestamp("hour").toInstant(), rs.getString("status"),
                        rs.getLong("n")))
                .list();
        long created = jdbc.sql("SELECT count(*) FROM notifications WHERE created_at >= :hourAgo")
                .param("hourAgo", hourAgo)
                .query(Long.class)
                .single();
        // as GET /api/v1/inbound-messages?waiting=true counts them
        long repliesWaiting = jdbc.sql("SELECT count(*) FROM inbound_messages m WHERE inbound_waiting(m)")
                .query(Long.class)
                .single();
        return replies.json(200, new Overview(now, parked[0], parked[1], groups, hours, created,
                callbacksSetAside(jdbc), (long) notifications.overdueSeconds(), repliesWaiting, leadsWaiting(jdbc),
                downstream.stalled()));
    }

    /** Leads waiting for an agent, as {@code GET /api/v1/leads?status=new&assigned=false} lists them. */
    static long leadsWaiting(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM leads WHERE status = 'new' AND assigned_agent_id IS NULL")
                .query(Long.class)
                .single();
    }

    /** Provider status callbacks that kept failing to apply, waiting for ops (the overview's card, and a gauge). */
    static long callbacksSetAside(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM provider_callbacks WHERE state = :failed")
                .param("failed", CallbackState.FAILED.wire())
                .query(Long.class)
                .single();
    }
}
