package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Weighted round-robin under daily caps, the midnight reset, the ops alert when nobody can take a lead, and the lead
 * that waited given to the first agent free. The lead schedule fires only when a test fires it.
 */
@TestPropertySource(properties = {"hub.leads.ops-contact.email=sales-ops@coachway.example",
        "hub.leads.ops-contact.phone=+1 617 555 0100", "hub.leads.sla-check-interval=PT1H"})
class LeadAssignmentTest extends LeadsIntegrationTest {

    @Autowired
    Scheduler quartz;

    @BeforeEach
    void nobodyTakesLeads() {
        // each test brings its own agents, and no lead of an earlier test waits for them
        jdbc.sql("UPDATE assignment_rules SET is_active = false").update();
        jdbc.sql("UPDATE leads SET status = 'dead' WHERE status = 'new' AND assigned_agent_id IS NULL").update();
    }

    /** Fires the lead schedule (leads waiting for an agent, then the contact SLA) now; the caller awaits its work. */
    private void leadScheduleRuns() throws Exception {
        quartz.triggerJob(JobKey.jobKey("leadSla", "hub"));
    }

    @Test
    void weightsTwoOneOneSplitFourHundredLeadsTwoHundredOneHundredOneHundred() throws Exception {
        agent("ww-a", 2, 10_000);
        agent("ww-b", 1, 10_000);
        agent("ww-c", 1, 10_000);

        List<JsonNode> leads = postConcurrently(400, 4);

        assertThat(leads).allSatisfy(lead -> assertThat(lead.get("assigned_agent_id").asText()).startsWith("ww-"));
        Map<String, Long> split = leadsPerAgent();
        // the acceptance allows ±5 %; smooth weighted round-robin gives the exact split
        assertThat(split.get("ww-a")).isBetween(190L, 210L).isEqualTo(200L);
        assertThat(split.get("ww-b")).isBetween(95L, 105L).isEqualTo(100L);
        assertThat(split.get("ww-c")).isBetween(95L, 105L).isEqualTo(100L);
        JsonNode rules = json(get("/api/v1/assignment-rules", "Authorization", ADMIN).body());
        for (JsonNode rule : rules.get("items")) {
            if (rule.get("agent_id").asText().startsWith("ww-")) {
                assertThat(rule.get("assigned_today").asLong()).isEqualTo(split.get(rule.get("agent_id").asText()));
            }
        }
    }

    @Test
    void anAgentWithCapThreeGetsExactlyThreeUntilTheMidnightJob() throws Exception {
        agent("cap-3", 1, 3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(created(lead("")).get("id").asText());
        }

        assertThat(ids.stream().map(id -> getLead(id).path("assigned_agent_id").asText(null)))
                .containsExactly("cap-3", "cap-3", "cap-3", null, null);
        assertThat(leadsPerAgent().get("cap-3")).isEqualTo(3);
        // the two without an agent stay new, and ops heard of each
        assertThat(getLead(ids.get(3)).get("status").asText()).isEqualTo("new");
        assertThat(activityKinds(ids.get(4))).containsExactly("created", "unassigned");
        // what stopped it, said so ops know what to fix (here: wait for tomorrow, or raise the cap)
        assertThat(activityDetails(ids.get(4), "unassigned"))
                .containsExactly("the only active agent has reached today's cap; ops alerted");
        assertThat(noticesAbout(ids.get(4))).extracting(n -> n.get("template") + " " + n.get("email"))
                .contains("lead_unassigned sales-ops@coachway.example");

        // midnight: the clustered Quartz job that fires at 00:00 in hub.leads.zone, fired now
        quartz.triggerJob(JobKey.jobKey("leadCaps", "hub"));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc
                .sql("SELECT assigned_today FROM assignment_rules WHERE agent_id = 'cap-3'")
                .query(Integer.class).single() == 0);

        // the two that waited come first, oldest first; one slot is left for a new lead
        leadScheduleRuns();
        await().atMost(Duration.ofSeconds(15)).until(() -> getLead(ids.get(4)).has("assigned_agent_id"));
        assertThat(getLead(ids.get(3)).get("assigned_agent_id").asText()).isEqualTo("cap-3");
        assertThat(activityKinds(ids.get(3))).containsExactly("created", "unassigned", "assigned");
        assertThat(created(lead("")).get("assigned_agent_id").asText()).isEqualTo("cap-3");
        assertThat(created(lead("")).has("assigned_agent_id")).isFalse();
    }

    @Test
    void leadsThatFoundNobodyGoOldestFirstToTheAgentAddedAndToldAsAtIntake() throws Exception {
        String first = created(lead("\"first_name\":\"Ines\"")).get("id").asText();
        String second = created(lead("")).get("id").asText();
        assertThat(waiting()).containsExactly(second, first);

        // an agent for one lead today: the older lead is theirs, the other waits on
        long rule = agent("late-1", 1, 1).get("id").asLong();
        leadScheduleRuns();
        await().atMost(Duration.ofSeconds(15)).until(() -> getLead(first).has("assigned_agent_id"));
        assertThat(getLead(first).get("assigned_agent_id").asText()).isEqualTo("late-1");
        assertThat(activityDetails(first, "assigned")).containsExactly(
                "assigned to Agent late-1 (late-1) by weighted round-robin, once an agent was free");
        assertThat(noticesAbout(first)).extracting(n -> n.get("template") + " " + n.get("email"))
                .contains("lead_assigned late-1@coachway.example");
        assertThat(sentNotice(first, "late-1").at("/content/subject").asText()).startsWith("New lead: Ines Lopez");
        assertThat(waiting()).containsExactly(second);
        assertThat(activityKinds(second)).containsExactly("created", "unassigned");

        // the cap raised, the next run gives the other one too
        assertThat(putRule(rule, """
                {"agent_id":"late-1","agent_name":"Agent late-1","agent_email":"late-1@coachway.example",
                 "weight":1,"max_leads_per_day":2,"is_active":true}""").statusCode()).isEqualTo(200);
        leadScheduleRuns();
        await().atMost(Duration.ofSeconds(15)).until(() -> getLead(second).has("assigned_agent_id"));
        assertThat(getLead(second).get("assigned_agent_id").asText()).isEqualTo("late-1");
        assertThat(leadsPerAgent().get("late-1")).isEqualTo(2);
        assertThat(waiting()).isEmpty();
    }

    /** What ops see waiting for an agent, newest first. */
    private List<String> waiting() {
        HttpResponse<String> list = get("/api/v1/leads?status=new&assigned=false", "Authorization", OPS);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode page = json(list.body());
        assertThat(page.get("total").asInt()).isEqualTo(page.get("items").size());
        assertThat(page.get("items").findValuesAsText("status")).allMatch("new"::equals);
        return page.get("items").findValuesAsText("id");
    }

    @Test
    void withNoActiveAgentTheLeadStaysNewAndOpsAreAlertedByEmailAndSms() {
        String body = lead("\"estimated_passengers\":30");
        JsonNode lead = created(body);
        String id = lead.get("id").asText();

        assertThat(lead.get("status").asText()).isEqualTo("new");
        assertThat(lead.has("assigned_agent_id")).isFalse();
        assertThat(noticesAbout(id)).extracting(n -> n.get("template") + " " + n.get("channels"))
                .containsExactlyInAnyOrder("lead_unassigned {email,sms}", "lead_acknowledgement {email,sms}");
        assertThat(activityDetails(id, "unassigned")).containsExactly(
                "there is no active agent (add one with POST /api/v1/assignment-rules); ops alerted");
        // ops are told where to give it to an agent
        String alert = await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc
                        .sql("""
                                SELECT c.content ->> 'text' FROM notifications n
                                JOIN notification_contents c ON c.notification_id = n.id
                                WHERE n.origin_key = ?""")
                        .param("lead:" + id + ":unassigned").query(String.class).optional().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(alert)
                .containsPattern("give it to one now on its page in the ops console:\n\n  https?://\\S+/ops/#/leads/"
                        + id + "\n");

        // the customer, still waiting, fills in the form again with more to say: ops hear it, with the page again
        assertThat(postLead(body.replace("\"estimated_passengers\":30", "\"estimated_passengers\":45"))
                .statusCode()).isEqualTo(200);
        Map<String, Object> chased = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT n.email, n.priority, c.content ->> 'subject' AS subject, c.content ->> 'text' AS text
                FROM notifications n JOIN notification_contents c ON c.notification_id = n.id
                WHERE n.origin_key LIKE ? AND n.template = 'lead_asked_again'""")
                .param("lead:" + id + ":asked-again:ops:%").query().listOfRows(), rows -> rows.size() == 1).get(0);
        assertThat(chased).containsEntry("email", "sales-ops@coachway.example").containsEntry("priority", "high");
        assertThat(chased.get("subject").toString()).startsWith("No agent yet: Maria Lopez");
        assertThat(chased.get("text").toString())
                .contains("whose lead no agent has yet, asked again (source: web)",
                        "Estimated passengers: 45\n    (the lead has \"30\" and keeps it)",
                        "They are waiting to hear from us: please give the lead to an agent on its page")
                .containsPattern("https?://\\S+/ops/#/leads/" + id + "\n")
                .doesNotContain("whose lead is yours", "corrected it on a call");

        // ops give it to an agent by hand; the agent is told
        agent("hand-1", 1, 10);
        HttpResponse<String> assigned = patch(id, "{\"assigned_agent_id\":\"hand-1\"}");
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
        assertThat(json(assigned.body()).get("assigned_agent_id").asText()).isEqualTo("hand-1");
        assertThat(noticesAbout(id)).extracting(n -> n.get("template") + " " + n.get("email"))
                .contains("lead_assigned hand-1@coachway.example");
        assertThat(patch(id, "{\"assigned_agent_id\":\"nobody\"}").statusCode()).isEqualTo(400);

        // ops move it on by hand, and back: whoever had it hears it is no longer theirs, whoever gets it hears so,
        // each time (else hand-1 would go on calling a customer hand-2 calls too)
        agent("hand-2", 1, 10);
        assertThat(patch(id, "{\"assigned_agent_id\":\"hand-2\"}").statusCode()).isEqualTo(200);
        assertThat(patch(id, "{\"assigned_agent_id\":\"hand-1\"}").statusCode()).isEqualTo(200);
        assertThat(noticesAbout(id)).extracting(n -> n.get("template") + " " + n.get("email"))
                .filteredOn(notice -> notice.startsWith("lead_assigned") || notice.startsWith("lead_reassigned"))
                .containsExactly("lead_assigned hand-1@coachway.example", "lead_assigned hand-2@coachway.example",
                        "lead_reassigned hand-1@coachway.example", "lead_assigned hand-1@coachway.example",
                        "lead_reassigned hand-2@coachway.example");
        String told = await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc
                        .sql("""
                                SELECT c.content ->> 'text' FROM notifications n
                                JOIN notification_contents c ON c.notification_id = n.id
                                WHERE n.template = 'lead_reassigned' AND n.email = 'hand-1@coachway.example'
                                  AND n.origin_key LIKE ?
                                """)
                        .param("lead:" + id + ":%").query(String.class).optional().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(told).contains("was given to Agent hand-2 by ops,\nso it is theirs now. If you did speak to the"
                + " customer, please tell Agent hand-2")
                // the customer's acknowledgement named nobody for replies: no agent was free then
                .doesNotContain("Our first email");
    }

    /** The lead_assigned notices about a lead, each as "{its address of the kind given} {its channels}". */
    private List<String> assignedNotices(String leadId, String address) {
        return noticesAbout(leadId).stream().filter(n -> "lead_assigned".equals(n.get("template")))
                .map(n -> n.get(address) + " " + n.get("channels")).toList();
    }

    @Test
    void anAgentWithOnlyAnEmailHearsOfABigGroupByEmailAlone() {
        rule("""
                {"agent_id":"email-only","agent_name":"Eve Mail","agent_email":"eve@coachway.example","weight":1,
                 "max_leads_per_day":10}""");

        String big = created(lead("\"estimated_passengers\":52")).get("id").asText();

        // no SMS to make, so none is recorded blocked for want of a phone beside the email that went
        assertThat(assignedNotices(big, "email")).containsExactly("eve@coachway.example {email,sms}");
        assertThat(sentNotice(big, "email-only").get("channel").asText()).isEqualTo("email");
    }

    @Test
    void anAgentWithOnlyAPhoneHearsOfEachLeadBySmsOnce() {
        rule("""
                {"agent_id":"phone-only","agent_name":"Pat Phone","agent_phone":"(617) 555-0177","weight":1,
                 "max_leads_per_day":10}""");

        String small = created(lead("\"first_name\":\"Rosa\",\"estimated_passengers\":12")).get("id").asText();
        String big = created(lead("\"estimated_passengers\":52")).get("id").asText();

        // blocked no_address before: the agent had the leads and never heard of them; a big group's extra SMS would
        // only repeat the one the missing email already turned into
        for (String id : List.of(small, big)) {
            assertThat(assignedNotices(id, "phone")).containsExactly("+16175550177 {email,sms}");
        }
        JsonNode sent = sentNotice(small, "phone-only");
        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        // the stored +1617555… as the agent dials it
        assertThat(sent.get("content").get("text").asText()).startsWith("CoachWay lead for you: Rosa Lopez")
                .contains("12 passengers", small).containsPattern("Call \\+1 617-555-\\d{4} within");
    }

    @Test
    void anAgentWhoseEmailIsSuppressedHearsOfABigGroupBySmsOnce() {
        agent("bounced-mail", 1, 10);
        HttpResponse<String> suppressed = post("/api/v1/consent/email/opt-out", "application/json",
                "{\"address\":\"Bounced-Mail@coachway.example\",\"reason\":\"mailbox gone\"}", "Authorization",
                OPS);
        assertThat(suppressed.statusCode()).as(suppressed.body()).isLessThan(300);

        String big = created(lead("\"first_name\":\"Omar\",\"estimated_passengers\":52")).get("id").asText();

        // the notice itself falls back to SMS; a second, big-group SMS would only repeat it
        assertThat(assignedNotices(big, "phone")).hasSize(1);
        JsonNode sent = sentNotice(big, "bounced-mail");
        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        assertThat(sent.get("content").get("text").asText()).contains("Omar", "52 passengers", big);
    }

    @Test
    void aPatchThatCannotBeDoneWhollyChangesNothing() {
        agent("atomic-a", 1, 10);
        agent("atomic-b", 1, 10);
        String id = created(lead("")).get("id").asText();
        String first = getLead(id).get("assigned_agent_id").asText();
        String other = first.equals("atomic-a") ? "atomic-b" : "atomic-a";
        assertThat(patch(id, "{\"status\":\"qualified\"}").statusCode()).isEqualTo(200);

        // a valid hand-assignment with a backward status move: 409, and the assignment does not happen either
        HttpResponse<String> refused = patch(id, "{\"assigned_agent_id\":\"" + other + "\",\"status\":\"contacted\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(getLead(id).get("assigned_agent_id").asText()).isEqualTo(first);
        assertThat(activityKinds(id)).containsExactly("created", "assigned", "status_changed");
        assertThat(noticesAbout(id)).extracting(n -> n.get("email")).doesNotContain(other + "@coachway.example");
    }

    // the agent's lead_assigned notice, once the delivery engine has sent it
    private JsonNode sentNotice(String leadId, String agentId) {
        String notice = jdbc.sql("SELECT id FROM notifications WHERE origin_key = ?")
                .param("lead:" + leadId + ":assigned:" + agentId + ":email").query(String.class).single();
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> json(get("/api/v1/notifications/" + notice, "Authorization", OPS).body()),
                n -> "sent".equals(n.path("status").asText()));
    }

    private List<JsonNode> postConcurrently(int count, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = lead("");
                futures.add(pool.submit(() -> postLead(body)));
            }
            List<JsonNode> leads = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                leads.add(json(response.body()));
            }
            return leads;
        } finally {
            pool.shutdownNow();
        }
    }
}
