package com.coachway.hub.consent;

import java.util.Collection;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What people send us over SMS and WhatsApp, kept for ops; a provider's retry of the same message is kept once. */
@Component
class InboundMessages {

    static final int MAX_BODY = 4000;
    static final int MAX_PROFILE_NAME = 100;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private final JdbcClient jdbc;

    public InboundMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a message; its id, or empty when the provider already delivered this one (a webhook retry).
     *
     * @param keyword the consent keyword it is, upper-cased, or null
     * @param answered our notification it answers (see {@link #answered}), or null
     */
    public Optional<Long> record(InboundService.Received message, String keyword, String answered) {
        String id = message.providerMessageId();
        String body = message.body();
        return jdbc.sql("""
                INSERT INTO inbound_messages (channel, address, provider, provider_message_id, body, keyword,
                    replied_to, profile_name)
                VALUES (:channel, :address, :provider, :id, :body, :keyword, :answered, :profile)
                ON CONFLICT DO NOTHING
                RETURNING id
                """)
                .param("channel", message.channel())
                .param("address", withoutNul(message.phone()))
                .param("provider", message.provider())
                .param("id", id == null || id.isBlank() ? null : withoutNul(id))
                .param("body", body == null
                        ? null
                        : withoutNul(body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body))
                .param("keyword", withoutNul(keyword))
                .param("answered", answered)
                .param("profile", profileName(message.profileName()))
                .query(Long.class)
                .optional();
    }

    // a name, as the sender typed it into WhatsApp, at most MAX_PROFILE_NAME
    static String profileName(String given) {
        return oneLine(given, MAX_PROFILE_NAME);
    }

    /**
     * A label a provider passes on (a profile name, a sender that is no phone number) as ops may read it: one line,
     * without control characters or invisible formatting (a right-to-left override would show "Hugo" as "oguH"), the
     * joiner of emoji sequences kept, cut at {@code max} characters, never inside one; null when nothing is left.
     */
    static String oneLine(String given, int max) {
        if (given == null) {
            return null;
        }
        String line = given.codePoints()
                .filter(c -> Character.getType(c) != Character.FORMAT || c == ZERO_WIDTH_JOINER)
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip().replaceAll("\\s+", " ");
        if (line.codePointCount(0, line.length()) > max) {
            line = line.substring(0, line.offsetByCodePoints(0, max)).strip();
        }
        return line.isEmpty() ? null : line;
    }

    /**
     * Our notification an inbound message from this phone answers: the one it quotes (a WhatsApp reply to one
     * message) when the provider says so, else the latest a provider took for the phone on one of {@code channels}
     * (one it refused never reached the phone, so no stop answers it); our forwards of replies are left out.
     */
    Optional<String> answered(String phone, String quotedProviderId, Collection<String> channels) {
        Optional<String> quoted = quotedProviderId == null || quotedProviderId.isBlank()
                ? Optional.empty()
                : jdbc.sql("""
                        SELECT id FROM notifications
                        WHERE provider_message_id = :id AND channel IN ('sms', 'whatsapp') AND origin <> 'reply'
                        LIMIT 1
                        """)
                        .param("id", quotedProviderId)
                        .query(String.class)
                        .optional();
        return quoted.or(() -> jdbc.sql("""
                SELECT id FROM notifications
                WHERE phone = :phone AND channel IN (:channels) AND attempt_started_at IS NOT NULL
                  AND provider_message_id IS NOT NULL AND origin <> 'reply'
                ORDER BY attempt_started_at DESC
                LIMIT 1
                """)
                .param("phone", phone)
                .param("channels", channels)
                .query(String.class)
                .optional());
    }

    // kept as it came, but for NUL, which PostgreSQL cannot store: a message is never lost over it
    private static String withoutNul(String text) {
        return text == null ? null : text.replace("\0", "");
    }
}
