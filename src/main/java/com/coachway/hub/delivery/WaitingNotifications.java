package com.coachway.hub.delivery;

import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.templates.WaitingSends;

/**
 * The notifications that wait for their send time (API {@code send_at}, workflow delays, campaigns): they render
 * their template only when due, so the template must still be there then.
 */
@Component
class WaitingNotifications implements WaitingSends {

    private final JdbcClient jdbc;

    WaitingNotifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Waiting> waitingFor(String template) {
        return jdbc.sql("""
                SELECT count(*) AS waiting, min(send_at) AS first_due FROM notifications
                WHERE template = :template AND status = 'queued' AND channel IS NULL AND send_at IS NOT NULL
                """)
                .param("template", template)
                .query((rs, row) -> {
                    Timestamp first = rs.getTimestamp("first_due");
                    return first == null ? null : new Waiting(rs.getLong("waiting"), first.toInstant());
                })
                .optional();
    }
}
