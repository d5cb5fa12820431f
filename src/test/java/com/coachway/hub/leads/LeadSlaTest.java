package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A lead nobody moves past 'new' within the contact SLA goes to the next agent once, and both agents hear of it; with
 * nobody to take it, its agent is reminded, or, when that agent no longer takes leads, ops are alerted and it waits for
 * the first agent free.
 */
@TestPropertySource(properties = {"hub.leads.contact-sla=PT1S", "hub.leads.sla-check-interval=300",
        "hub.leads.ops-contact.email=sales-ops@coachway.example"})
class LeadSlaTest extends LeadsIntegrationTest {

    @Test
    void anUncontactedLeadIsReassignedOnceAndBothAgentsAreTold() {
        agent("sla-a", 1, 100);
        agent("sla-b", 1, 100);
        String id = created(lead("")).get("id").asText();
        String first = getLead(id).get("assigned_agent_id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> getLead(id).get("reassigned").asBoolean());

        String second = getLead(id).get("assigned_agent_id").asText();
        assertThat(second).startsWith("sla-").isNotEqualTo(first);
        assertThat(getLead(id).get("sla_missed").asBoolean()).isTrue();
        assertThat(activityKinds(id)).containsExactly("created", "assigned", "reassigned");
        assertThat(noticesAbout(id)).extracting(n -> n.get("template") + " " + n.get("email"))
                .contains("lead_assigned " + first + "@coachway.example",
                        "lead_assigned " + second + "@coachway.example",
                        "lead_reassigned " + first + "@coachway.example");
        // each is asked for what the SLA holds them to, as hub.leads.contact-sla says it
        String asked = await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc
                        .sql("""
                                SELECT c.content ->> 'text' FROM notifications n JOIN notification_contents c ON c.notification_id = n.id
                                WHERE n.origin_key = ?""")
                        .param("lead:" + id + ":assigned:" + second + ":email").query(String.class)
                        .optional().orElse(null), java.util.Objects::nonNull);
        assertThat(asked).contains("Please get in touch within 1 second.");
        // the customer's acknowledgement asked them to reply to the first agent: that agent is told where to send them
        String movedOn = await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc
                        .sql("""
                                SELECT c.content ->> 'text' FROM notifications n JOIN notification_contents c ON c.notification_id = n.id
                                WHERE n.origin_key = ?""")
                        .param("lead:" + id + ":reassigned:" + first).query(String.class)
                        .optional().orElse(null), java.util.Objects::nonNull);
        assertThat(movedOn).contains("Our first email to Maria asked them to reply to you, so their answers may\n"
                + "still come to you: please forward them to Agent " + second + " (" + second + "@coachway.example).");

        // a later lead going through the same job proves the job ran again: the first lead stays put
        String later = created(lead("")).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> getLead(later).get("sla_missed").asBoolean());
        assertThat(activityKinds(id)).filteredOn("reassigned"::equals).hasSize(1);
        assertThat(getLead(id).get("assigned_agent_id").asText()).isEqualTo(second);
    }

    @Test
    void withNobodyElseToTakeItTheLeadStaysAndItsActivitySaysWhy() {
        jdbc.sql("UPDATE assignment_rules SET is_active = false").update();
        agent("sla-solo", 1, 100);
        String id = created(lead("")).get("id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> getLead(id).get("sla_missed").asBoolean());

        assertThat(getLead(id).get("assigned_agent_id").asText()).isEqualTo("sla-solo");
        // it stayed: the lead, and the charter system it goes to at conversion, must not read that it moved
        assertThat(getLead(id).get("reassigned").asBoolean()).isFalse();
        assertThat(activityDetails(id, "reassignment_skipped")).singleElement().asString()
                .startsWith("not contacted within 1 second; there is no other active agent, so it stays with ")
                .endsWith(", who was reminded");
        // the agent hears the lead still waits for them, and why nobody else took it
        String reminder = await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("""
                        SELECT c.content ->> 'text' FROM notifications n
                        JOIN notification_contents c ON c.notification_id = n.id
                        WHERE n.origin_key = ? AND n.template = 'lead_overdue' AND n.email = 'sla-solo@coachway.example'
                        """).param("lead:" + id + ":overdue:sla-solo").query(String.class).optional().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(reminder).startsWith("Hi ").contains("has waited 1 second to hear from you",
                "Nobody else could take it (there is no other active agent), so it stays yours",
                "please get in touch now on +1 617-555-", "Lead reference: " + id);
    }

    @Test
    void aLeadWhoseAgentWasMadeInactiveWithNobodyElseFreeAlertsOpsAndGoesToTheFirstAgentFree() {
        jdbc.sql("UPDATE assignment_rules SET is_active = false").update();
        JsonNode agent = agent("sla-gone", 1, 100);
        String id = created(lead("")).get("id").asText();
        assertThat(getLead(id).get("assigned_agent_id").asText()).isEqualTo("sla-gone");
        // the agent leaves before the SLA has passed (should the job have come first, the lead is overdue again)
        HttpResponse<String> left = putRule(agent.get("id").asLong(), """
                {"agent_id":"sla-gone","agent_name":"Agent sla-gone","agent_email":"sla-gone@coachway.example",
                 "weight":1,"max_leads_per_day":100,"is_active":false}""");
        assertThat(left.statusCode()).as(left.body()).isEqualTo(200);
        jdbc.sql("UPDATE leads SET reassigned = false, assigned_agent_id = 'sla-gone' WHERE id = ?").param(id).update();

        await().atMost(Duration.ofSeconds(20)).until(() -> !getLead(id).has("assigned_agent_id"));

        assertThat(activityDetails(id, "unassigned")).singleElement().isEqualTo("not contacted within 1 second by"
                + " Agent sla-gone (sla-gone), who no longer takes leads, and there is no other active agent, so it waits"
                + " for the first agent free; ops alerted");
        String alert = await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("""
                        SELECT c.content ->> 'text' FROM notifications n
                        JOIN notification_contents c ON c.notification_id = n.id
                        WHERE n.origin_key = ? AND n.email = 'sales-ops@coachway.example'
                        """).param("lead:" + id + ":unassigned").query(String.class).optional().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(alert).startsWith("A new lead could not be assigned: it was not contacted within 1 second by Agent"
                + " sla-gone (sla-gone), who no longer takes leads, and there is no other active agent.");
        // what the customer wrote, as the agent's notice has it: ops assigning by hand pick the agent by it
        assertThat(alert).contains("Came from:  web\n\nChoir trip\n\nIt goes to the first agent free");

        // an agent comes on: the lead is theirs at the job's next run, once, as any lead that waited
        agent("sla-next", 1, 100);
        await().atMost(Duration.ofSeconds(20)).until(() -> "sla-next".equals(getLead(id).path("assigned_agent_id")
                .asText()));
        assertThat(activityKinds(id)).endsWith("unassigned", "assigned");
    }

    @Test
    void aContactedLeadStaysWithItsAgent() {
        agent("sla-c", 1, 100);
        String id = created(lead("")).get("id").asText();
        String agent = getLead(id).get("assigned_agent_id").asText();
        assertThat(patch(id, "{\"status\":\"contacted\"}").statusCode()).isEqualTo(200);

        String witness = created(lead("")).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> getLead(witness).get("sla_missed").asBoolean());

        assertThat(getLead(id).get("assigned_agent_id").asText()).isEqualTo(agent);
        assertThat(activityKinds(id)).doesNotContain("reassigned");
    }
}
