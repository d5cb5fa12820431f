package com.coachway.hub.deadletter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.Rows;
import com.coachway.hub.messaging.HubHeaders;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code dead_letters} table. */
@Component
class DeadLetterStore {

    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DeadLetterStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * What the drain read off a parking queue.
     *
     * @param drainKey identifies this parking of this message, so a redelivered drain message is stored once
     */
    record Parked(String drainKey, String queue, String parkedQueue, String messageId, String correlationId,
            String originalExchange, String originalRoutingKey, String contentType, Map<String, Object> headers,
            byte[] body, String reason, String kind, Integer attempts, Instant firstFailure, Instant lastFailure) {
    }

    /** Stores a parked message; false when this very parking was stored before. */
    boolean insert(Parked parked) {
        return jdbc.sql("""
                INSERT INTO dead_letters (drain_key, queue, parked_queue, message_id, correlation_id,
                    original_exchange, original_routing_key, content_type, headers, body, reason, kind, attempts,
                    first_failure, last_failure)
                VALUES (:drainKey, :queue, :parkedQueue, :messageId, :correlationId, :exchange, :routingKey,
                    :contentType, CAST(:headers AS jsonb), :body, :reason, :kind, :attempts, :first, :last)
                ON CONFLICT (drain_key) DO NOTHING
                """)
                .param("drainKey", parked.drainKey())
                .param("queue", parked.queue())
                .param("parkedQueue", parked.parkedQueue())
                .param("messageId", parked.messageId())
                .param("correlationId", parked.correlationId())
                .param("exchange", parked.originalExchange())
                .param("routingKey", parked.originalRoutingKey())
                .param("contentType", parked.contentType())
                .param("headers", write(parked.headers()))
                .param("body", parked.body())
                .param("reason", parked.reason())
                .param("kind", parked.kind())
                .param("attempts", parked.attempts())
                .param("first", timestamp(parked.firstFailure()))
                .param("last", timestamp(parked.lastFailure()))
                .update() == 1;
    }

    /**
     * A search over the dead letters, newest first; null filters are ignored.
     *
     * @param queue the work queue
     * @param reason a piece of the reason, any case
     * @param status parked, replayed or discarded
     */
    record Filter(String queue, String reason, String status, Instant since, Instant until) {
    }

    List<DeadLetter> find(Filter filter, int page, int size) {
        return jdbc.sql("""
                SELECT * FROM dead_letters
                WHERE (CAST(:queue AS text) IS NULL OR queue = :queue)
                  AND (CAST(:reason AS text) IS NULL OR strpos(lower(reason), lower(:reason)) > 0)
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:since AS timestamptz) IS NULL OR parked_at >= :since)
                  AND (CAST(:until AS timestamptz) IS NULL OR parked_at < :until)
                ORDER BY parked_at DESC, id DESC
                LIMIT :size OFFSET :offset
                """)
                .param("queue", filter.queue())
                .param("reason", filter.reason())
                .param("status", filter.status())
                .param("since", timestamp(filter.since()))
                .param("until", timestamp(filter.until()))
                .param("size", size)
                .param("offset", (long) page * size)
                .query(this::deadLetter)
                .list();
    }

    long count(Filter filter) {
        return jdbc.sql("""
                SELECT count(*) FROM dead_letters
                WHERE (CAST(:queue AS text) IS NULL OR queue = :queue)
                  AND (CAST(:reason AS text) IS NULL OR strpos(lower(reason), lower(:reason)) > 0)
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:since AS timestamptz) IS NULL OR parked_at >= :since)
                  AND (CAST(:until AS timestamptz) IS NULL OR parked_at < :until)
                """)
                .param("queue", filter.queue())
                .param("reason", filter.reason())
                .param("status", filter.status())
                .param("since", timestamp(filter.since()))
                .param("until", timestamp(filter.until()))
                .query(Long.class)
                .single();
    }

    Optional<DeadLetter> find(long id) {
        return jdbc.sql("SELECT * FROM dead_letters WHERE id = :id").param("id", id).query(this::deadLetter)
                .optional();
    }

    Optional<DeadLetter> lock(long id) {
        return jdbc.sql("SELECT * FROM dead_letters WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::deadLetter)
                .optional();
    }

    /** The raw body, exactly as it was parked. */
    byte[] body(long id) {
        return jdbc.sql("SELECT body FROM dead_letters WHERE id = :id").param("id", id).query(byte[].class)
                .single();
    }

    /** The parked dead letters whose header {@code name} holds {@code value}, locked, oldest first. */
    List<Long> lockParkedWith(String name, String value) {
        return jdbc.sql("""
                SELECT id FROM dead_letters
                WHERE status = 'parked' AND headers ->> CAST(:name AS text) = :value
                ORDER BY id
                FOR UPDATE
                """)
                .param("name", name)
                .param("value", value)
                .query(Long.class)
                .list();
    }

    /** Records what ops did: the status moves and the history grows by one entry. */
    void resolve(long id, String status, String action, String actor, String note) {
        resolve(id, status, action, actor, note, null);
    }

    /** The same, with what an edited replay changed ({@code [{path, before, after}]}) kept in the entry. */
    void resolve(long id, String status, String action, String actor, String note, List<Map<String, String>> diff) {
        jdbc.sql("""
                UPDATE dead_letters SET status = :status,
                    history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
                        'action', CAST(:action AS text), 'by', CAST(:actor AS text), 'at', now(),
                        'note', CAST(:note AS text), 'diff', CAST(:diff AS jsonb))))
                WHERE id = :id
                """)
                .param("status", status)
                .param("action", action)
                .param("actor", actor)
                .param("note", note)
                .param("diff", diff == null ? null : write(diff))
                .param("id", id)
                .update();
    }

    private DeadLetter deadLetter(ResultSet rs, int row) throws SQLException {
        byte[] body = rs.getBytes("body");
        String text = utf8(body);
        try {
            Map<String, Object> headers = json.readValue(rs.getString("headers"), HEADERS);
            Object code = headers.get(HubHeaders.PROVIDER_CODE);
            return new DeadLetter(rs.getLong("id"), rs.getString("queue"), rs.getString("parked_queue"),
                    rs.getString("message_id"), rs.getString("correlation_id"), rs.getString("original_exchange"),
                    rs.getString("original_routing_key"), rs.getString("content_type"), headers, text,
                    text == null ? Base64.getEncoder().encodeToString(body) : null, rs.getString("reason"),
                    code == null ? null : code.toString(), rs.getString("kind"), (Integer) rs.getObject("attempts"),
                    Rows.instant(rs, "first_failure"), Rows.instant(rs, "last_failure"), Rows.instant(rs, "parked_at"),
                    rs.getString("status"), json.readTree(rs.getString("history")));
        } catch (IOException e) {
            throw new SQLException("unreadable dead letter " + rs.getLong("id"), e);
        }
    }

    private String write(Object headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write headers", e);
        }
    }

    // strict UTF-8: a body that is not text is shown in base64 instead of with replacement characters
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
