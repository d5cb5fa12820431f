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
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.delivery.NotificationOrigin;
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
    private final LeadStore leads;
    private final NotificationSubmitter submitter;
    private final LeadsProperties properties;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;

    AgentDigests(AssignmentRuleStore agents, LeadStore leads, NotificationSubmitter submitter,
            LeadsProperties properties, TransactionTemplate transactions, ObjectMapper json) {
        this.agents = agents;
        this.leads = leads;
        this.submitter = submitter;
        this.properties = properties;
        this.transactions = transactions;
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
            if (transactions.execute(tx -> submitter.submit(request, NotificationOrigin.LEAD, key, null, "hub", null))
                    .created()) {
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
        ArrayNode byStatus = data.putArray("by_status");
        long total = 0;
        long open = 0;
        for (Map.Entry<String, Long> count : leads.pipeline(agent.agentId()).entrySet()) {
            byStatus.addObject().put("status", count.getKey()).put("count", count.getValue());
            total += count.getValue();
            open += LeadStatus.isOpen(count.getKey()) ? count.getValue() : 0;
        }
        data.put("total", total);
        data.put("open", open);
        // the week the digest names, Monday to Sunday on the company's clock: not the 7 days before the job ran
        data.put("assigned_this_week", leads.assignedBetween(agent.agentId(),
                monday.minusDays(7).atStartOfDay(properties.zone()).toInstant(),
                monday.atStartOfDay(properties.zone()).toInstant()));
        ArrayNode listed = data.putArray("leads");
        List<Lead> oldest = leads.openOf(agent.agentId(), LISTED);
        for (Lead lead : oldest) {
            listed.addObject()
                    .put("id", lead.id())
                    .put("first_name", lead.firstName())
                    .put("last_name", lead.lastName())
                    .put("status", lead.status())
                    .put("source", lead.source())
                    .put("estimated_passengers", lead.estimatedPassengers())
                    .put("estimated_trip_date", String.valueOf(lead.estimatedTripDate()))
                    .put("assigned", lead.assignedAt() == null
                            ? ""
                            : lead.assignedAt().atZone(properties.zone()).toLocalDate().toString());
        }
        data.put("unlisted", Math.max(0, open - oldest.size()));
        return data;
    }

    @Override
    public List<TemplateUsage> usages() {
        return List.of(new TemplateUsage(TEMPLATE, "the weekly agent digest", LeadNotices.EMAIL,
                GUARANTEED::contains));
    }
}
