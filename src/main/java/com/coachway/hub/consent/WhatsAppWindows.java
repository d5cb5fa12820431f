package com.coachway.hub.consent;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * WhatsApp's 24-hour customer-service window per number: free text is allowed only within 24 hours of the customer's
 * last message to us; outside it only an approved template may be sent. Inbound webhooks write it.
 */
@Component
public class WhatsAppWindows {

    static final Duration WINDOW = Duration.ofHours(24);

    private final JdbcClient jdbc;

    public WhatsAppWindows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The customer wrote to us at {@code at}: the window is open until 24 hours later, and the number is on WhatsApp
     * whatever a provider said of it before.
     */
    public void recordInbound(String phone, Instant at) {
        jdbc.sql("""
                INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (:phone, :at)
                ON CONFLICT (phone) DO UPDATE SET last_inbound_at = greatest(whatsapp_windows.last_inbound_at, :at)
                """)
                .param("phone", phone)
                .param("at", Timestamp.from(at))
                .update();
        jdbc.sql("DELETE FROM whatsapp_unreachable WHERE phone = :phone").param("phone", phone).update();
    }

    /**
     * A provider reported that WhatsApp cannot reach the number.
     *
     * @param code the provider's error code (Twilio 63003, Meta 131026)
     */
    public void unreachable(String phone, String provider, String code) {
        jdbc.sql("""
                INSERT INTO whatsapp_unreachable (phone, reported_at, provider, code) VALUES (:phone, now(), :provider,
                    :code)
                ON CONFLICT (phone) DO UPDATE SET reported_at = now(), provider = :provider, code = :code
                """)
                .param("phone", phone)
                .param("provider", provider)
                .param("code", code)
                .update();
    }

    /**
     * When a provider last said WhatsApp could not reach the number, and in which words, if within {@code within};
     * empty when the number has written to us on WhatsApp since.
     */
    public Optional<Unreachable> unreachable(String phone, Duration within) {
        return jdbc.sql("""
                SELECT reported_at, provider, code FROM whatsapp_unreachable
                WHERE phone = :phone AND reported_at > now() - make_interval(secs => :seconds)
                """)
                .param("phone", phone)
                .param("seconds", within.toSeconds())
                .query((rs, row) -> new Unreachable(rs.getTimestamp("reported_at").toInstant(),
                        rs.getString("provider"), rs.getString("code")))
                .optional();
    }

    /**
     * A provider's word that WhatsApp could not reach a number.
     *
     * @param at when it said so
     * @param provider {@code twilio} or {@code meta}
     * @param code its error code
     */
    public record Unreachable(Instant at, String provider, String code) {
    }

    /** Whether free text may be sent to this number now. */
    public boolean isOpen(String phone) {
        return closesAt(phone).filter(Instant.now()::isBefore).isPresent();
    }

    /** When the window of this number closes (or closed), if it ever wrote to us and the provider has not closed it. */
    public Optional<Instant> closesAt(String phone) {
        return jdbc.sql("SELECT last_inbound_at FROM whatsapp_windows WHERE phone = :phone")
                .param("phone", phone)
                .query(Timestamp.class)
                .optional()
                .map(last -> last.toInstant().plus(WINDOW));
    }

    /** The provider says the window is closed (we missed something): forget it. */
    public void close(String phone) {
        jdbc.sql("DELETE FROM whatsapp_windows WHERE phone = :phone").param("phone", phone).update();
    }
}
