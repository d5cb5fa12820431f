package com.coachway.hub.leads;

import java.security.SecureRandom;
import java.sql.Date;
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

import com.coachway.hub.AdvisoryLocks;
import com.coachway.hub.Rows;

/** The {@code leads} and {@code lead_activities} tables. */
@Component
class LeadStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    LeadStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String newId() {
        StringBuilder id = new StringBuilder("lead_").append(Long.toString(System.currentTimeMillis(), 36));
        for (int i = 0; i < 10; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return id.toString();
    }

    Lead insert(LeadDraft draft, String originKey, String createdBy) {
        String id = newId();
        jdbc.sql("""
                INSERT INTO leads (id, origin_key, first_name, last_name, email, phone, source, trip_details,
                    estimated_passengers, estimated_trip_date, pickup_location, dropoff_location, created_by)
                VALUES (:id, :originKey, :firstName, :lastName, :email, :phone, :source, :tripDetails, :passengers,
                    :tripDate, :pickup, :dropoff, :createdBy)
                """)
                .param("id", id)
                .param("originKey", originKey)
                .param("firstName", draft.firstName())
                .param("lastName", draft.lastName())
                .param("email", draft.email())
                .param("phone", draft.phone())
                .param("source", draft.source())
                .param("tripDetails", draft.tripDetails())
                .param("passengers", draft.estimatedPassengers())
                .param("tripDate", draft.estimatedTripDate() == null ? null : Date.valueOf(draft.estimatedTripDate()))
                .param("pickup", draft.pickupLocation())
                .param("dropoff", draft.dropoffLocation())
                .param("createdBy", createdBy)
                .update();
        return find(id).orElseThrow();
    }

    /**
     * Serialises intake, and a PATCH giving a lead an email or phone, per address until the caller's transaction ends,
     * so two copies of one lead arriving at the same moment (on any instance) cannot both miss each other. Email before
     * phone, and before any lead's row: always the same order.
     */
    void lockContact(String email, String phone) {
        for (String key : new String[]{email == null ? null : "lead-email:" + email,
                phone == null ? null : "lead-phone:" + phone}) {
            if (key != null) {
                AdvisoryLocks.hold(jdbc, key);
            }
        }
    }

    /** The oldest open lead with this email or phone. */
    Optional<Lead> openDuplicate(String email, String phone) {
        return openDuplicate(email, phone, null);
    }

    /** The oldest open lead other than {@code excluding} with this email or phone (either may be null). */
    Optional<Lead> openDuplicate(String email, String phone, String excluding) {
        return jdbc.sql("""
                SELECT * FROM leads
                WHERE status NOT IN ('converted', 'dead') AND (email = :email OR phone = :phone)
                    AND id IS DISTINCT FROM :excluding
                ORDER BY created_at, id
                LIMIT 1
                """)
                .param("email", email)
                .param("phone", phone)
                .param("excluding", excluding)
                .query(LeadStore::lead)
                .optional();
    }

    Optional<Lead> findByOrigin(String originKey) {
        return jdbc.sql("SELECT * FROM leads WHERE origin_key = :key")
                .param("key", originKey)
                .query(LeadStore::lead)
                .optional();
    }

    Optional<Lead> find(String id) {
        return jdbc.sql("SELECT * FROM leads WHERE id = :id")
                .param("id", id)
                .query(LeadStore::lead)
                .optional();
    }

    Optional<Lead> lock(String id) {
        return jdbc.sql("SELECT * FROM leads WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(LeadStore::lead)
                .optional();
    }

    void assign(String id, String agentId, boolean reassigned) {
        jdbc.sql("""
                UPDATE leads SET assigned_agent_id = :agent, assigned_at = now(), updated_at = now(),
                    reassigned = reassigned OR :reassigned, sla_missed = sla_missed OR :reassigned
                WHERE id = :id
                """)
                .param("agent", agentId)
                .param("reassigned", reassigned)
                .param("id", id)
                .update();
    }

    /**
     * Takes a lead from an agent who no longer takes leads, with its SLA spent: it waits, as one nobody could take
     * does, for the first agent free ({@link #claimWaiting}).
     */
    void release(String id) {
        jdbc.sql("""
                UPDATE leads SET assigned_agent_id = NULL, assigned_at = NULL, sla_missed = true, updated_at = now()
                WHERE id = :id
                """)
                .param("id", id)
                .update();
    }

    /** Marks the SLA as spent without a new agent (nobody else could take the lead). */
    void markSlaMissed(String id) {
        jdbc.sql("UPDATE leads SET sla_missed = true, updated_at = now() WHERE id = :id").param("id", id).update();
    }

    /** Writes the details a PATCH may change (see {@link LeadAmendment}), as {@code amended} holds them. */
    void details(Lead amended) {
        jdbc.sql("""
                UPDATE leads SET first_name = :firstName, last_name = :lastName, email = :email, phone = :phone,
                    trip_details = :tripDetails,
                    estimated_passengers = :passengers, estimated_trip_date = :tripDate, pickup_location = :pickup,
                    dropoff_location = :dropoff, updated_at = now()
                WHERE id = :id
                """)
                .param("firstName", amended.firstName())
                .param("lastName", amended.lastName())
                .param("email", amended.email())
                .param("phone", amended.phone())
                .param("tripDetails", amended.tripDetails())
                .param("passengers", amended.estimatedPassengers())
                .param("tripDate",
                        amended.estimatedTripDate() == null ? null : Date.valueOf(amended.estimatedTripDate()))
                .param("pickup", amended.pickupLocation())
                .param("dropoff", amended.dropoffLocation())
                .param("id", amended.id())
                .update();
    }

    void status(String id, String status) {
        jdbc.sql("UPDATE leads SET status = :status, updated_at = now() WHERE id = :id")
                .param("status", status)
                .param("id", id)
                .update();
    }

    /** Leads still {@code new} and assigned before the cut-off that the SLA has not acted on yet, locked. */
    List<String> claimOverdue(Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT id FROM leads
                WHERE status = 'new' AND NOT sla_missed AND assigned_at < :cutoff
                ORDER BY assigned_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """)
                .param("cutoff", Timestamp.from(cutoff))
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** Leads nobody could take when they came (still {@code new}, no agent), oldest first, locked for this job. */
    List<String> claimWaiting(int limit) {
        return jdbc.sql("""
                SELECT id FROM leads
                WHERE status = 'new' AND assigned_agent_id IS NULL
                ORDER BY created_at, id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """)
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /**
     * Which leads a list shows; each part null for any.
     *
     * @param status only this status
     * @param agentId only this agent's
     * @param assigned only leads with an agent (true) or without one (false)
     * @param customer only leads with this normalised email or phone
     */
    record Filter(String status, String agentId, Boolean assigned, String customer) {
    }

    /** A page of leads, newest first. */
    List<Lead> list(Filter filter, int page, int size) {
        return jdbc.sql("""
                SELECT * FROM leads
                WHERE (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:agent AS text) IS NULL OR assigned_agent_id = :agent)
                  AND (CAST(:assigned AS boolean) IS NULL OR (assigned_agent_id IS NOT NULL) = :assigned)
                  AND (CAST(:customer AS text) IS NULL OR email = :customer OR phone = :customer)
                ORDER BY created_at DESC, id DESC
                LIMIT :size OFFSET :offset
                """)
                .param("status", filter.status())
                .param("agent", filter.agentId())
                .param("assigned", filter.assigned())
                .param("customer", filter.customer())
                .param("size", size)
                .param("offset", (long) page * size)
                .query(LeadStore::lead)
                .list();
    }

    long count(Filter filter) {
        return jdbc.sql("""
                SELECT count(*) FROM leads
                WHERE (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:agent AS text) IS NULL OR assigned_agent_id = :agent)
                  AND (CAST(:assigned AS boolean) IS NULL OR (assigned_agent_id IS NOT NULL) = :assigned)
                  AND (CAST(:customer AS text) IS NULL OR email = :customer OR phone = :customer)
                """)
                .param("status", filter.status())
                .param("agent", filter.agentId())
                .param("assigned", filter.assigned())
                .param("customer", filter.customer())
                .query(Long.class)
                .single();
    }

    /** How many leads are in each status (every status listed, zeros too): all, or one agent's. */
    Map<String, Long> pipeline(String agentId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        LeadStatus.ALL.forEach(status -> counts.put(status, 0L));
        jdbc.sql("""
                SELECT status, count(*) AS n FROM leads
                WHERE CAST(:agent AS text) IS NULL OR assigned_agent_id = :agent
                GROUP BY status
                """)
                .param("agent", agentId)
                .query((rs, row) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .list()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** An agent's open leads, the longest held first. */
    List<Lead> openOf(String agentId, int limit) {
        return jdbc.sql("""
                SELECT * FROM leads
                WHERE assigned_agent_id = :agent AND status NOT IN ('converted', 'dead')
                ORDER BY assigned_at NULLS LAST, id
                LIMIT :limit
                """)
                .param("agent", agentId)
                .param("limit", limit)
                .query(LeadStore::lead)
                .list();
    }

    /** How many leads came to an agent from {@code from} until (not including) {@code until}. */
    long assignedBetween(String agentId, Instant from, Instant until) {
        return jdbc.sql("""
                SELECT count(*) FROM leads
                WHERE assigned_agent_id = :agent AND assigned_at >= :from AND assigned_at < :until""")
                .param("agent", agentId)
                .param("from", Timestamp.from(from))
                .param("until", Timestamp.from(until))
                .query(Long.class)
                .single();
    }

    void activity(String leadId, String kind, String detail, String actor) {
        jdbc.sql("INSERT INTO lead_activities (lead_id, kind, detail, actor) VALUES (:lead, :kind, :detail, :actor)")
                .param("lead", leadId)
                .param("kind", kind)
                .param("detail", detail)
                .param("actor", actor)
                .update();
    }

    List<LeadActivity> activities(String leadId) {
        return jdbc.sql("SELECT id, kind, detail, actor, at FROM lead_activities WHERE lead_id = :lead ORDER BY id")
                .param("lead", leadId)
                .query((rs, row) -> new LeadActivity(rs.getLong("id"), rs.getString("kind"), rs.getString("detail"),
                        rs.getString("actor"), rs.getTimestamp("at").toInstant()))
                .list();
    }

    private static Lead lead(ResultSet rs, int row) throws SQLException {
        return new Lead(rs.getString("id"), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("email"), rs.getString("phone"), rs.getString("source"), rs.getString("trip_details"),
                (Integer) rs.getObject("estimated_passengers"),
                rs.getDate("estimated_trip_date") == null ? null : rs.getDate("estimated_trip_date").toLocalDate(),
                rs.getString("pickup_location"), rs.getString("dropoff_location"), rs.getString("status"),
                rs.getString("assigned_agent_id"), Rows.instant(rs, "assigned_at"),
                rs.getBoolean("reassigned"), rs.getBoolean("sla_missed"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
