package com.coachway.hub.leads;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.delivery.NotificationRequest;
import com.coachway.hub.delivery.NotificationSubmitter;
import com.coachway.hub.delivery.Recipient;
import com.coachway.hub.templates.TemplateUsage;
import com.coachway.hub.templates.TemplateUsages;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The weekly digest (API.md §2b): every Monday at 09:00 in {@code hub.leads.zone}, each agent with leads gets one
 * email of them by status, with the open ones listed. Run by the clustered Quartz store (once per cluster); the origin
 * key names agent and week, so a second run in the same week tells nobody twice.
 */
@Component
class AgentDigests implements TemplateUsages {

    static final String TEMPLATE = "agent_weekly_digest";
    /** The open leads listed by name; the rest are counted. */
    static final int LISTED = 25;

    private static final Logger log = LoggerFactory.getLogger(AgentDigests.class);
    private static final Set<String> GUARANTEED = Set.of("agent", "agent.id", "agent.name", "week", "week.from",
            "week.to", "total", "open", "assigned_this_week", "unlisted", "by_status", "by_status[].status",
            "by_status[].count", "leads", "leads[].id", "leads[].first_name", "leads[].last_name", "leads[].status",
            "leads[].source", "leads[].estimated_passengers", "leads[].estimated_trip_date", "leads[].assigned");

    private final AssignmentRuleStore agents;
    private final NotificationSubmitter submitter;
    private final LeadsProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AgentDigests(AssignmentRuleStore agents, NotificationSubmitter submitter, LeadsProperties properties,
            TransactionTemplate transactions, JdbcClient jdbc, ObjectMapper json) {
        this.agents = agents;
        this.submitter = submitter;
        this.properties = properties;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The Monday job: one digest per agent with an email and at least one lead; returns how many it made (none for
     * an agent who already had this week's).
     */
    public int weekly() {
        // the week's Monday names it: a late or repeated run in the same week finds the digest made
        LocalDate monday = ZonedDateTime.now(properties.zone()).toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        int sent = 0;
        for (AssignmentRule agent : agents.all()) {
            if (agent.agentEmail() == null || agent.agentEmail().isBlank()) {
                log.info("Agent {} has no email: no weekly digest", agent.agentId());
                continue;
            }
            ObjectNode data = digest(agent, monday);
            if (data.get("total").asLong() == 0) {
                continue; // nothing to tell
            }
            NotificationRequest request = new NotificationRequest(TEMPLATE, LeadNotices.EMAIL, "transactional",
                    "low", new Recipient(agent.agentName(), null, agent.agentEmail(), null), data, null, null, null);
            String key = "lead-digest:" + agent.agentId() + ":" + monday;
            if (transactions.execute(tx -> submitter.submit(request, "lead", key, null, "hub", null)).created()) {
                sent++;
            }
        }
        log.info("Weekly lead digests for the week to {}: {} sent", monday.minusDays(1), sent);
        return sent;
    }

    /** The agent's leads now, by status, and the open ones oldest first. */
    private ObjectNode digest(AssignmentRule agent, LocalDate monday) {
        ObjectNode data = json.createObjectNode();
        data.putObject("agent").put("id", agent.agentId()).put("name", agent.agentName());
        data.putObject("week").put("from", monday.minusDays(7).toString()).put("to", monday.minusDays(1).toString());
        Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT status, count(*) AS n FROM leads WHERE assigned_agent_id = :agent GROUP BY status")
                .param("agent", agent.agentId())
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        ArrayNode byStatus = data.putArray("by_status");
        long total = 0;
        long open = 0;
        for (String status : LeadStatus.ALL) {
            long count = counts.getOrDefault(status, 0L);
            byStatus.addObject().put("status", status).put("count", count);
            total += count;
            open += LeadStatus.isOpen(status) ? count : 0;
        }
        data.put("total", total);
        data.put("open", open);
        data.put("assigned_this_week", jdbc.sql("""
                SELECT count(*) FROM leads
                WHERE assigned_agent_id = :agent AND assigned_at >= now() - interval '7 days'
                """).param("agent", agent.agentId()).query(Long.class).single());
        ArrayNode listed = data.putArray("leads");
        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT id, first_name, last_name, status, source, estimated_passengers, estimated_trip_date,
                       assigned_at
                FROM leads
                WHERE assigned_agent_id = :agent AND status NOT IN ('converted', 'dead')
                ORDER BY assigned_at NULLS LAST, id
                LIMIT :limit
                """).param("agent", agent.agentId()).param("limit", LISTED).query().listOfRows();
        for (Map<String, Object> row : rows) {
            ObjectNode lead = listed.addObject();
            lead.put("id", (String) row.get("id"));
            lead.put("first_name", (String) row.get("first_name"));
            lead.put("last_name", (String) row.get("last_name"));
            lead.put("status", (String) row.get("status"));
            lead.put("source", (String) row.get("source"));
            lead.put("estimated_passengers", ((Number) row.get("estimated_passengers")).intValue());
            lead.put("estimated_trip_date", String.valueOf(row.get("estimated_trip_date")));
            Object assigned = row.get("assigned_at");
            lead.put("assigned", assigned == null
                    ? ""
                    : ((java.sql.Timestamp) assigned).toInstant()
                            .atZone(properties.zone()).toLocalDate().toString());
        }
        data.put("unlisted", Math.max(0, open - rows.size()));
        return data;
    }

    @Override
    public List<TemplateUsage> usages() {
        return List.of(new TemplateUsage(TEMPLATE, "the weekly agent digest", LeadNotices.EMAIL,
                GUARANTEED::contains));
    }
}
