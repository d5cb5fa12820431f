package com.coachway.hub.tracking;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where status callbacks land: one insert, so the webhook answers fast and nothing a provider told us is lost. The
 * {@link CallbackApplier} moves notifications on from here.
 */
@Component
class CallbackInbox {

    static final int MAX_ID = 128;
    static final int MAX_STATUS = 32;
    static final int MAX_CODE = 32;
    static final int MAX_MESSAGE = 500;

    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    CallbackInbox(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    void record(String provider, String messageId, String status, String errorCode, String errorMessage,
            Instant occurredAt) {
        jdbc.sql("""
                INSERT INTO provider_callbacks (provider, message_id, status, error_code, error_message, occurred_at)
                VALUES (:provider, :messageId, :status, :code, :message, :occurredAt)
                """)
                .param("provider", provider)
                .param("messageId", messageId == null ? null : messageId.replace("\0", ""))
                .param("status", status == null ? null : status.replace("\0", ""))
                .param("code", blankToNull(errorCode))
                .param("message", clip(blankToNull(errorMessage), MAX_MESSAGE))
                .param("occurredAt", occurredAt == null ? null : java.sql.Timestamp.from(occurredAt))
                .update();
        meters.counter("hub.callbacks.received", "provider", provider).increment();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.replace("\0", "");
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
