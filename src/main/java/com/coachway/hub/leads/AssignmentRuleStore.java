package com.coachway.hub.leads;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code assignment_rules} table: agents, their weights and daily caps. */
@Component
class AssignmentRuleStore {

    private final JdbcClient jdbc;

    AssignmentRuleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The fields an admin sets.
     *
     * @param agentId the agent's id
     * @param agentName display name
     * @param agentEmail email, or null
     * @param agentPhone E.164 phone, or null
     * @param weight relative share
     * @param maxLeadsPerDay daily cap
     * @param isActive whether the agent takes leads
     */
    record Fields(String agentId, String agentName, String agentEmail, String agentPhone, int weight,
            int maxLeadsPerDay, boolean isActive) {
    }

    /** Inserts a rule; empty when the agent already has one. */
    Optional<AssignmentRule> create(Fields fields) {
        return jdbc.sql("""
                INSERT INTO assignment_rules (agent_id, agent_name, agent_email, agent_phone, weight,
                    max_leads_per_day, is_active)
                VALUES (:agentId, :agentName, :agentEmail, :agentPhone, :weight, :maxLeadsPerDay, :isActive)
                ON CONFLICT (agent_id) DO NOTHING
                RETURNING *
                """)
                .paramSource(fields)
                .query(AssignmentRuleStore::rule)
                .optional();
    }

    /**
     * Replaces a rule's fields. A change of weight or a return from inactive starts the agent's round-robin score
     * afresh, so old history does not hand the agent a burst of leads.
     */
    Optional<AssignmentRule> update(long id, Fields fields) {
        return jdbc.sql("""
                UPDATE assignment_rules SET agent_id = :agentId, agent_name = :agentName, agent_email = :agentEmail,
                    agent_phone = :agentPhone,
                    current_weight = CASE WHEN weight = :weight AND is_active = :isActive
                                          THEN current_weight ELSE 0 END,
                    weight = :weight, max_leads_per_day = :maxLeadsPerDay, is_active = :isActive, updated_at = now()
                WHERE id = :id
                RETURNING *
                """)
                // JdbcClient takes either a parameter source or single parameters, not both
                .param("agentId", fields.agentId())
                .param("agentName", fields.agentName())
                .param("agentEmail", fields.agentEmail())
                .param("agentPhone", fields.agentPhone())
                .param("weight", fields.weight())
                .param("maxLeadsPerDay", fields.maxLeadsPerDay())
                .param("isActive", fields.isActive())
                .param("id", id)
                .query(AssignmentRuleStore::rule)
                .optional();
    }

    Optional<AssignmentRule> find(long id) {
        return jdbc.sql("SELECT * FROM assignment_rules WHERE id = :id").param("id", id)
                .query(AssignmentRuleStore::rule)
                .optional();
    }

    Optional<AssignmentRule> findByAgent(String agentId) {
        return jdbc.sql("SELECT * FROM assignment_rules WHERE agent_id = :agent").param("agent", agentId)
                .query(AssignmentRuleStore::rule)
                .optional();
    }

    List<AssignmentRule> all() {
        return jdbc.sql("SELECT * FROM assignment_rules ORDER BY id").query(AssignmentRuleStore::rule).list();
    }

    /**
     * Every active rule, locked until the caller's transaction ends. Each assignment takes these locks first, so
     * assignments anywhere in the cluster happen one after another: no cap is overrun and no score is lost.
     */
    List<AssignmentRule> lockActive() {
        return jdbc.sql("SELECT * FROM assignment_rules WHERE is_active ORDER BY id FOR UPDATE")
                .query(AssignmentRuleStore::rule)
                .list();
    }

    void score(long id, long currentWeight) {
        jdbc.sql("UPDATE assignment_rules SET current_weight = :score WHERE id = :id")
                .param("score", currentWeight)
                .param("id", id)
                .update();
    }

    /** Counts one more lead against the agent's cap for the day (a count from an earlier day starts over). */
    void countOne(long id, LocalDate day) {
        jdbc.sql("""
                UPDATE assignment_rules
                SET assigned_today = CASE WHEN cap_day = :day THEN assigned_today + 1 ELSE 1 END, cap_day = :day,
                    updated_at = now()
                WHERE id = :id
                """)
                .param("day", Date.valueOf(day))
                .param("id", id)
                .update();
    }

    /** The midnight reset: every agent starts the new day with nothing taken. */
    int resetCaps(LocalDate day) {
        return jdbc.sql("UPDATE assignment_rules SET assigned_today = 0, cap_day = :day, updated_at = now()")
                .param("day", Date.valueOf(day))
                .update();
    }

    private static AssignmentRule rule(ResultSet rs, int row) throws SQLException {
        Date capDay = rs.getDate("cap_day");
        return new AssignmentRule(rs.getLong("id"), rs.getString("agent_id"), rs.getString("agent_name"),
                rs.getString("agent_email"), rs.getString("agent_phone"), rs.getInt("weight"),
                rs.getInt("max_leads_per_day"), rs.getBoolean("is_active"), rs.getLong("current_weight"),
                rs.getInt("assigned_today"), capDay == null ? null : capDay.toLocalDate(),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
