package com.coachway.hub.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The consent store: who must not be contacted on which channel for which categories, and the append-only history
 * of every change with its source. Read before every single send; written by the API, keywords, WhatsApp
 * preferences, unsubscribe links, bounces and provider errors.
 */
@Component
public class ConsentStore {

    private static final Logger log = LoggerFactory.getLogger(ConsentStore.class);

    public static final List<String> CATEGORIES = Category.NAMES;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public ConsentStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The entry that stops a message of this category to this address on this channel, if any. */
    public Optional<Suppression> find(String channel, String address, String category) {
        return jdbc.sql("""
                SELECT * FROM suppressions
                WHERE channel = :channel AND address = :address AND (category IS NULL OR category = :category)
                ORDER BY kind DESC, category NULLS FIRST
                LIMIT 1
                """)
                .param("channel", channel)
                .param("address", address)
                .param("category", category)
                .query(this::suppression)
                .optional();
    }

    /** Every entry of an address on a channel. */
    public List<Suppression> entries(String channel, String address) {
        return jdbc.sql("SELECT * FROM suppressions WHERE channel = :channel AND address = :address "
                + "ORDER BY created_at DESC, id DESC")
                .param("channel", channel)
                .param("address", address)
                .query(this::suppression)
                .list();
    }

    /**
     * Records an opt-out; false when the same one was in force already (nothing changed, nothing appended). A
     * suppression (the address is gone) overrides an opt-out of the same scope, never the other way round.
     */
    public boolean optOut(ConsentChange change) {
        return Boolean.TRUE.equals(transactions.execute(tx -> record(change)));
    }

    private boolean record(ConsentChange change) {
        Timestamp saidAt = timestamp(change.saidAt());
        boolean added = jdbc.sql("""
                INSERT INTO suppressions (channel, address, category, kind, reason, source, actor, said_at)
                VALUES (:channel, :address, :category, :kind, :reason, :source, :actor,
                        coalesce(CAST(:saidAt AS timestamptz), now()))
                ON CONFLICT (channel, address, COALESCE(category, '*')) DO UPDATE
                   SET kind = EXCLUDED.kind, reason = EXCLUDED.reason, source = EXCLUDED.source,
                       actor = EXCLUDED.actor, created_at = now(),
                       said_at = greatest(suppressions.said_at, EXCLUDED.said_at)
                 WHERE suppressions.kind = 'opted_out' AND EXCLUDED.kind = 'suppressed'
                """)
                .param("channel", change.channel())
                .param("address", change.address())
                .param("category", change.category())
                .param("kind", change.kind())
                .param("reason", change.reason())
                .param("source", change.source())
                .param("actor", change.actor())
                .param("saidAt", saidAt)
                .update() == 1;
        if (added) {
            history("opt_out", change.channel(), change.address(), change.category(), change.kind(), change.reason(),
                    change.source(), change.actor(), change.notificationId());
        } else {
            // asked again: an opt-in older than this must not lift it (see optIn)
            jdbc.sql("""
                    UPDATE suppressions SET said_at = coalesce(CAST(:saidAt AS timestamptz), now())
                    WHERE channel = :channel AND address = :address
                      AND COALESCE(category, '*') = COALESCE(CAST(:category AS text), '*')
                      AND said_at < coalesce(CAST(:saidAt AS timestamptz), now())
                    """)
                    .param("channel", change.channel())
                    .param("address", change.address())
                    .param("category", change.category())
                    .param("saidAt", saidAt)
                    .update();
        }
        return added;
    }

    /**
     * Carries the opt-outs of a phone number over to the number its owner moved to (WhatsApp tells of it): on SMS and
     * WhatsApp, each category as it was, in one transaction, each added one in the history. A suppression stays with
     * the old number: it says that number is gone, not what the person wants. Returns how many were added.
     *
     * @param at when the person changed number, as the provider says; null for now
     */
    public int carryOptOuts(String from, String to, String source, String actor, Instant at) {
        return transactions.execute(tx -> {
            int added = 0;
            for (String channel : List.of(Channel.SMS.wire(), Channel.WHATSAPP.wire())) {
                for (Suppression entry : entries(channel, from)) {
                    String reason = "carried over from " + Masking.address(from) + ", this person's number before"
                            + (entry.reason() == null ? "" : " (" + entry.reason() + ")");
                    if (Suppression.OPTED_OUT.equals(entry.kind()) && record(ConsentChange.optOut(channel, to,
                            entry.category(), reason, source, actor).at(at))) {
                        added++;
                    }
                }
            }
            return added;
        });
    }

    /**
     * Records an opt-in: removes the opt-outs of a category (or, with {@code category} null, of every category).
     * Suppressions (the address is gone) are removed only when {@code includeSuppressed}: a keyword reply cannot
     * bring a dead mailbox back, ops can. Returns how many entries were removed.
     */
    public int optIn(String channel, String address, String category, boolean includeSuppressed, String source,
            String actor) {
        return optIn(channel, address, category, includeSuppressed, source, actor, null);
    }

    /**
     * {@link #optIn(String, String, String, boolean, String, String) An opt-in} the person asked for at
     * {@code saidAt} (the provider's time; null for now): it lifts only the opt-outs asked for before it, so an
     * opt-in that reaches the hub late never undoes a later STOP.
     */
    public int optIn(String channel, String address, String category, boolean includeSuppressed, String source,
            String actor, Instant saidAt) {
        Timestamp before = timestamp(saidAt);
        return transactions.execute(tx -> {
            if (category != null) {
                narrowBlanket(channel, address, category, includeSuppressed, before);
            }
            int removed = remove(channel, address, category, includeSuppressed, before);
            if (removed > 0) {
                history("opt_in", channel, address, category, null, null, source, actor, null);
            }
            if (before != null && askedForAfter(channel, address, category, before)) {
                log.info("An opt-in of {} on {} asked for at {} reached the hub after opt-outs asked for later, "
                        + "which stay", Masking.address(address), channel, saidAt);
            }
            return removed;
        });
    }

    // an opt-in to one category under an every-category entry: the entry becomes one per remaining category
    private void narrowBlanket(String channel, String address, String category, boolean includeSuppressed,
            Timestamp before) {
        jdbc.sql("""
                WITH blanket AS (
                    DELETE FROM suppressions
                    WHERE channel = :channel AND address = :address AND category IS NULL
                      AND (kind = 'opted_out' OR :includeSuppressed)
                      AND (CAST(:before AS timestamptz) IS NULL OR said_at <= :before)
                    RETURNING *)
                INSERT INTO suppressions (channel, address, category, kind, reason, source, actor, created_at, said_at)
                SELECT b.channel, b.address, c.category, b.kind, b.reason, b.source, b.actor, b.created_at, b.said_at
                FROM blanket b CROSS JOIN unnest(CAST(:categories AS text[])) AS c(category)
                ON CONFLICT DO NOTHING
                """)
                .param("channel", channel)
                .param("address", address)
                .param("includeSuppressed", includeSuppressed)
                .param("before", before)
                .param("categories", CATEGORIES.toArray(String[]::new))
                .update();
    }

    private int remove(String channel, String address, String category, boolean includeSuppressed,
            Timestamp before) {
        return jdbc.sql("""
                DELETE FROM suppressions
                WHERE channel = :channel AND address = :address
                  AND (CAST(:category AS text) IS NULL OR category = :category)
                  AND (kind = 'opted_out' OR :includeSuppressed)
                  AND (CAST(:before AS timestamptz) IS NULL OR said_at <= :before)
                """)
                .param("channel", channel)
                .param("address", address)
                .param("category", category)
                .param("includeSuppressed", includeSuppressed)
                .param("before", before)
                .update();
    }

    // whether an opt-out in force that an opt-in of this scope would lift was asked for after it
    private boolean askedForAfter(String channel, String address, String category, Timestamp after) {
        return jdbc.sql("""
                SELECT count(*) FROM suppressions
                WHERE channel = :channel AND address = :address AND kind = 'opted_out' AND said_at > :after
                  AND (CAST(:category AS text) IS NULL OR category IS NULL OR category = :category)
                """)
                .param("channel", channel)
                .param("address", address)
                .param("category", category)
                .param("after", after)
                .query(Integer.class)
                .single() > 0;
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    /** Every change of an address on a channel, newest first. */
    public List<HistoryEntry> history(String channel, String address) {
        return jdbc.sql("SELECT * FROM consent_history WHERE channel = :channel AND address = :address "
                + "ORDER BY id DESC")
                .param("channel", channel)
                .param("address", address)
                .query((rs, row) -> new HistoryEntry(rs.getString("action"), rs.getString("category"),
                        rs.getString("kind"), rs.getString("reason"), rs.getString("source"), rs.getString("actor"),
                        rs.getTimestamp("at").toInstant(), rs.getString("notification_id")))
                .list();
    }

    /**
     * One change of consent.
     *
     * @param action opt_out or opt_in
     * @param category the category, or null for every category
     * @param kind opted_out or suppressed (opt-outs only)
     * @param reason free text
     * @param source where it came from
     * @param actor who made it
     * @param at when
     * @param notificationId the message of ours it came from: the email whose link was used, the text a STOP answered,
     *        the email that bounced; null when none
     */
    @Schema(name = "ConsentHistoryEntry")
    public record HistoryEntry(String action, String category, String kind, String reason, String source,
            String actor, java.time.Instant at, String notificationId) {
    }

    private void history(String action, String channel, String address, String category, String kind, String reason,
            String source, String actor, String notificationId) {
        jdbc.sql("""
                INSERT INTO consent_history (channel, address, action, category, kind, reason, source, actor,
                    notification_id)
                VALUES (:channel, :address, :action, :category, :kind, :reason, :source, :actor, :notification)
                """)
                .param("channel", channel)
                .param("address", address)
                .param("action", action)
                .param("category", category)
                .param("kind", kind)
                .param("reason", reason)
                .param("source", source)
                .param("actor", actor)
                .param("notification", notificationId)
                .update();
    }

    private Suppression suppression(ResultSet rs, int row) throws SQLException {
        return new Suppression(rs.getString("channel"), rs.getString("address"), rs.getString("category"),
                rs.getString("kind"), rs.getString("reason"), rs.getString("source"),
                rs.getTimestamp("created_at").toInstant());
    }
}
