package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** The weekly digest of each agent's leads by status (API.md §2b), as the agent reads it. */
class AgentDigestTest extends DeliveryIntegrationTest {

    private static final String SUBJECT = "Your leads this week";

    @Autowired
    AgentDigests digests;

    @Autowired
    CamelContext camel;

    private JsonNode lead(String lastName) {
        HttpResponse<String> made = post("/api/v1/leads", "application/json", LeadsIntegrationTest.lead(
                "\"last_name\":\"" + lastName + "\""), "Authorization", "Bearer " + SALES_KEY);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return json(made.body());
    }

    private void move(JsonNode lead, String status) {
        HttpResponse<String> moved = send(HttpRequest.newBuilder(uri("/api/v1/leads/" + lead.get("id").asText()))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}"))
                .header("Content-Type", "application/json")
                .header("Authorization", LeadsIntegrationTest.OPS)
                .build());
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    }

    private void agent(String id, String email) {
        HttpResponse<String> made = post("/api/v1/assignment-rules", "application/json", """
                {"agent_id":"%s","agent_name":"Agent %s",%s"weight":1,"max_leads_per_day":100,"is_active":true}"""
                .formatted(id, id, email == null
                        ? "\"agent_phone\":\"+1 617 555 0199\","
                        : "\"agent_email\":\""
                                + email + "\","),
                "Authorization", LeadsIntegrationTest.ADMIN);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    }

    private static List<MimeMessage> digestsReceived() {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().startsWith(SUBJECT);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void eachAgentWithLeadsGetsOneDigestAWeekOfTheirLeadsByStatus() throws Exception {
        agent("sam", "sam@coachway.example");
        JsonNode contacted = lead("Contacted");
        JsonNode dead = lead("Dead");
        JsonNode converted = lead("Converted");
        JsonNode negotiating = lead("Negotiating");
        JsonNode fresh = lead("Fresh");
        move(contacted, "contacted");
        move(dead, "dead");
        move(converted, "converted");
        move(negotiating, "negotiating");
        assertThat(fresh.get("assigned_agent_id").asText()).isEqualTo("sam");
        // one agent without leads, one without an email: neither gets a digest
        agent("idle", "idle@coachway.example");
        agent("phone-only", null);
        // four came last week (Thursday noon on the company's clock); the fresh one this week, before the digest
        // ran: it belongs to next week's count
        java.time.LocalDate monday = java.time.LocalDate.now(ZoneId.of("America/New_York"))
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        jdbc.sql("UPDATE leads SET assigned_at = ? WHERE assigned_agent_id = 'sam' AND id <> ?")
                .param(java.sql.Timestamp.from(monday.minusDays(4).atTime(12, 0)
                        .atZone(ZoneId.of("America/New_York")).toInstant()))
                .param(fresh.get("id").asText())
                .update();

        assertThat(digests.weekly()).isEqualTo(1);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !digestsReceived().isEmpty());
        List<MimeMessage> received = digestsReceived();
        assertThat(received).hasSize(1);
        MimeMessage digest = received.get(0);
        assertThat(digest.getAllRecipients()[0].toString()).isEqualTo("Agent sam <sam@coachway.example>");
        assertThat(digest.getSubject()).isEqualTo("Your leads this week: 3 open, 4 new to you");
        String text = (String) ((MimeMultipart) digest.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("Hi Agent sam,", "3 of your 5 are still open", "  new: 1", "  contacted: 1",
                "  qualified: 0", "  negotiating: 1", "  converted: 1", "  dead: 1", "Maria Fresh (new)",
                "Maria Contacted (contacted)", "Maria Negotiating (negotiating)", fresh.get("id").asText())
                .doesNotContain("Maria Dead", "Maria Converted", "{{", "{%");
        // oldest first
        assertThat(text.indexOf("Maria Contacted")).isLessThan(text.indexOf("Maria Fresh"));

        // the week is the one before this week's Monday, whichever day the job runs
        assertThat(jdbc.sql("SELECT data->'week'->>'to' FROM notifications WHERE template = ?")
                .param(AgentDigests.TEMPLATE).query(String.class).single()).isEqualTo(monday.minusDays(1).toString());

        // the job running again in the same week (a second replica, a misfire) tells nobody twice
        assertThat(digests.weekly()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE template = ?").param(AgentDigests.TEMPLATE)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theDigestIsScheduledForMonday0900InTheLeadsZone() throws Exception {
        Trigger trigger = camel.getComponent("quartz", QuartzComponent.class).getScheduler()
                .getTrigger(TriggerKey.triggerKey("agentDigest", "hub"));
        assertThat(trigger).isNotNull();
        ZonedDateTime next = trigger.getNextFireTime().toInstant().atZone(ZoneId.of("America/New_York"));
        assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(next.getHour()).isEqualTo(9);
        assertThat(next.getMinute()).isZero();
        assertThat(next).isAfter(ZonedDateTime.now()).isBefore(ZonedDateTime.now().plusDays(8));
    }
}
