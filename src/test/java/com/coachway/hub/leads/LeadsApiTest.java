package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.fasterxml.jackson.databind.JsonNode;

/** The leads API over HTTP and the lead.created event, with one agent taking every lead. */
class LeadsApiTest extends LeadsIntegrationTest {

    static final String AGENT = "agent-api";

    @BeforeEach
    void oneAgent() {
        if (jdbc.sql("SELECT count(*) FROM assignment_rules").query(Long.class).single() == 0) {
            agent(AGENT, 1, 100_000);
        }
    }

    @Test
    void aNewLeadIsAssignedAndBothSidesAreTold() {
        HttpResponse<String> response = postLead(lead("\"estimated_passengers\":12"));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode lead = json(response.body());
        String id = lead.get("id").asText();
        assertThat(id).startsWith("lead_");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/leads/" + id);
        assertThat(lead.get("status").asText()).isEqualTo("new");
        assertThat(lead.get("assigned_agent_id").asText()).isEqualTo(AGENT);
        assertThat(lead.get("duplicate").asBoolean()).isFalse();
        assertThat(activityKinds(id)).containsExactly("created", "assigned");
        // agent and customer once each (12 passengers is not a big group), by email with SMS as fallback
        List<Map<String, Object>> notices = noticesAbout(id);
        assertThat(notices).extracting(n -> n.get("template") + " " + n.get("email") + " " + n.get("channels"))
                .containsExactlyInAnyOrder("lead_assigned agent-api@coachway.example {email,sms}",
                        "lead_acknowledgement " + lead.get("email").asText() + " {email,sms}");
        // and they really go out through the delivery engine
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT count(*) FROM notifications WHERE origin_key LIKE ? AND status = 'sent'""")
                .param("lead:" + id + ":%").query(Long.class).single() == 2);
        // the assignment is published as lead.assigned, recorded once in the events ledger and routed
        Map<String, Object> published = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                SELECT source, status, payload FROM events WHERE type = 'lead.assigned' AND subject = ?""")
                .param("lead/" + id).query().listOfRows(),
                rows -> rows.size() == 1
                        && List.of("routed", "unrouted").contains(rows.get(0).get("status")))
                .get(0);
        assertThat(published.get("source")).isEqualTo("coachway-hub");
        assertThat(published.get("payload").toString()).contains("\"agent\"", AGENT);
    }

    @Test
    void aBigGroupAlsoReachesTheAgentBySms() {
        String id = created(lead("\"estimated_passengers\":41")).get("id").asText();

        assertThat(noticesAbout(id)).extracting(n -> n.get("template") + " " + n.get("channels"))
                .containsExactlyInAnyOrder("lead_assigned {email,sms}", "lead_assigned {sms}",
                        "lead_acknowledgement {email,sms}");
    }

    @Test
    void theSameEmailInAnotherCaseIsADuplicateOfTheOpenLead() {
        String body = lead("\"email\":\"sam.dup." + UUID.randomUUID() + "@example.com\"");
        JsonNode first = created(body);
        String email = first.get("email").asText();
        long before = leadCount();

        // the form sent twice, the second time with the email typed in capitals
        HttpResponse<String> again = postLead(body.replace(email, "  " + email.toUpperCase() + "  "));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(leadCount()).isEqualTo(before);
        assertThat(activityKinds(first.get("id").asText())).containsExactly("created", "assigned", "duplicate");
        // nobody is told twice
        assertThat(noticesAbout(first.get("id").asText())).hasSize(2);
    }

    @Test
    void aRepeatEnquiryAddsWhatTheOpenLeadLackedAndChangesNothingItHad() {
        // a phone lead with no email, date or size yet
        String phone = "+1617555" + String.format("%04d", (int) (Math.random() * 10000));
        JsonNode first = created(lead("\"phone\":\"" + phone + "\",\"email\":null,\"estimated_trip_date\":null,"
                + "\"estimated_passengers\":null,\"pickup_location\":\"Hartford, CT\""));
        String id = first.get("id").asText();
        // the customer fills in the web form too: same phone, an email, a date, a size, another pickup
        String email = "rosa." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String date = LocalDate.now(ZoneId.of("America/New_York")).plusMonths(3).toString();
        HttpResponse<String> again = postLead(lead("\"phone\":\"" + phone + "\",\"email\":\"" + email + "\","
                + "\"estimated_trip_date\":\"" + date + "\",\"estimated_passengers\":30,"
                + "\"pickup_location\":\"Boston, MA\""));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode lead = json(again.body());
        assertThat(lead.get("duplicate").asBoolean()).isTrue();
        // the agent can now write to them; what the lead had (the pickup) is kept
        assertThat(lead.get("email").asText()).isEqualTo(email);
        assertThat(lead.get("estimated_passengers").asInt()).isEqualTo(30);
        assertThat(lead.get("estimated_trip_date").asText()).isEqualTo(date);
        assertThat(lead.get("pickup_location").asText()).isEqualTo("Hartford, CT");
        assertThat(activityDetails(id, "duplicate")).singleElement().asString()
                .endsWith("; added what the lead lacked: email: none → " + email + "; estimated_passengers: none → 30;"
                        + " estimated_trip_date: none → " + date);

        // an email another open lead has is not added: a later enquiry could not tell the two apart
        String phoneOnly = "+1617555" + String.format("%04d", (int) (Math.random() * 10000));
        String bare = created(lead("\"phone\":\"" + phoneOnly + "\",\"email\":null")).get("id").asText();
        JsonNode other = created(lead(""));
        HttpResponse<String> third = postLead(lead("\"phone\":\"" + phoneOnly + "\",\"email\":\""
                + other.get("email").asText() + "\""));
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(json(third.body()).get("id").asText()).isEqualTo(bare); // the oldest open lead it matches
        assertThat(getLead(bare).has("email")).isFalse();
        assertThat(activityDetails(bare, "duplicate")).singleElement().asString()
                .contains("email: " + other.get("email").asText() + " (not added: another open lead has it)")
                .doesNotContain("added what the lead lacked: email");
    }

    @Test
    void aRepeatEnquirySayingMoreReachesTheAgentOnceAndChangesNothingTheLeadHad() {
        String body = lead("\"estimated_passengers\":20");
        String id = created(body).get("id").asText();
        String words = "We are 50 now, and need a stop in Salem on the way back";

        // the customer fills in the form again: a bigger group, in their own words
        String repeat = body.replace("\"Choir trip\"", "\"" + words + "\"")
                .replace("\"estimated_passengers\":20", "\"estimated_passengers\":50");
        HttpResponse<String> again = postLead(repeat);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        // the lead keeps what it had (the agent may have corrected it on a call); the activity keeps what was said
        assertThat(getLead(id).get("estimated_passengers").asInt()).isEqualTo(20);
        assertThat(getLead(id).get("trip_details").asText()).isEqualTo("Choir trip");
        assertThat(activityDetails(id, "duplicate")).singleElement().asString()
                .isEqualTo("the same customer asked again (api, source web); said otherwise, the lead keeps its own: "
                        + "trip_details: " + words + " (the lead has Choir trip); estimated_passengers: 50 (the lead"
                        + " has 20)");
        // and the agent who has the lead reads it
        String text = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT c.content ->> 'text' FROM notifications n
                JOIN notification_contents c ON c.notification_id = n.id
                WHERE n.origin_key LIKE ? AND n.template = 'lead_asked_again' AND n.email = ?""")
                .param("lead:" + id + ":asked-again:%")
                .param(AGENT + "@coachway.example")
                .query(String.class)
                .optional()
                .orElse(null), java.util.Objects::nonNull);
        assertThat(text).contains("whose lead is yours, asked again (source: web) and said what the lead does not:",
                "Trip details: " + words + "\n    (the lead has \"Choir trip\" and keeps it)",
                "Estimated passengers: 50\n    (the lead has \"20\" and keeps it)", "Lead reference: " + id + " (new)");

        // the same words again are no news: the activity records the repeat, nobody is told twice
        assertThat(postLead(repeat).statusCode()).isEqualTo(200);
        assertThat(activityKinds(id)).containsExactly("created", "assigned", "duplicate", "duplicate");
        assertThat(noticesAbout(id)).extracting(n -> n.get("template"))
                .containsExactlyInAnyOrder("lead_assigned", "lead_acknowledgement", "lead_asked_again");
        // ops trace them from the lead: everyone told about it, and nothing about another lead
        created(lead(""));
        JsonNode told = json(get("/api/v1/notifications?lead_id=" + id, "Authorization", ANALYST).body());
        assertThat(told.get("items").findValuesAsText("template")).containsExactlyInAnyOrder("lead_assigned",
                "lead_acknowledgement", "lead_asked_again");
        assertThat(json(get("/api/v1/notifications?lead_id=" + URLEncoder.encode(id.replace('_', '%'),
                StandardCharsets.UTF_8), "Authorization", ANALYST).body())
                .get("total").asLong()).isZero();
        assertThat(json(get("/api/v1/notifications?lead_id=" + "x".repeat(101), "Authorization", ANALYST).body())
                .get("errors").toString()).contains("lead_id", "must be at most 100 characters");
    }

    @Test
    void theSamePhoneInAnotherFormatIsADuplicateUntilTheLeadIsDead() {
        String national = "(415) 555-" + String.format("%04d", (int) (Math.random() * 10000));
        JsonNode first = created(lead("\"phone\":\"" + national + "\",\"email\":null"));
        assertThat(first.get("phone").asText()).startsWith("+1415555");

        HttpResponse<String> again = postLead(lead("\"phone\":\"" + first.get("phone").asText() + "\""));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("id").asText()).isEqualTo(first.get("id").asText());

        assertThat(patch(first.get("id").asText(), "{\"status\":\"dead\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> afterDeath = postLead(lead("\"phone\":\"" + national + "\""));
        assertThat(afterDeath.statusCode()).isEqualTo(201);
        assertThat(json(afterDeath.body()).get("id").asText()).isNotEqualTo(first.get("id").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"first_name\":\"\"", "\"last_name\":42", "\"email\":\"maria@\"",
            "\"phone\":\"0000\"", "\"source\":\"billboard\"", "\"estimated_passengers\":0",
            "\"estimated_passengers\":\"many\"", "\"estimated_trip_date\":\"2019-05-01\"",
            "\"estimated_trip_date\":\"05/01/2027\"", "\"pickup_location\":\"LONG\""})
    void eachInvalidFieldIsA400NamingItAndNothingIsStored(String override) {
        String field = override.substring(1, override.indexOf('"', 1));
        long before = leadCount();

        HttpResponse<String> response = postLead(lead(override.replace("LONG", "x".repeat(400))));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly(field);
        assertThat(leadCount()).isEqualTo(before);
    }

    @Test
    void hostileAndMalformedBodiesAreRefusedWithProblems() {
        long before = leadCount();
        assertThat(postLead("{\"first_name\":").statusCode()).isEqualTo(400);
        assertThat(postLead("[1,2,3]").statusCode()).isEqualTo(400);
        assertThat(postLead("").statusCode()).isEqualTo(400);
        HttpResponse<String> huge = postLead(lead("\"trip_details\":\"" + "x".repeat(300_000) + "\""));
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> form = post("/api/v1/leads", "application/x-www-form-urlencoded", "first_name=x",
                "Authorization", "Bearer " + SALES_KEY);
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> nul = postLead(lead("\"first_name\":\"Ma\\u0000ria\""));
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(json(nul.body()).get("errors").findValuesAsText("field")).containsExactly("first_name");
        assertThat(post("/api/v1/leads", "application/json", lead(""), "Authorization", "Bearer nope")
                .statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/leads", "application/json", lead(""), "Authorization", ANALYST).statusCode())
                .isEqualTo(403);
        assertThat(leadCount()).isEqualTo(before);

        // text that looks like SQL or markup is just text
        JsonNode odd = created(lead("\"last_name\":\"O'Brien'); DROP TABLE leads;--\","
                + "\"trip_details\":\"<script>alert(1)</script>\""));
        assertThat(getLead(odd.get("id").asText()).get("last_name").asText())
                .isEqualTo("O'Brien'); DROP TABLE leads;--");
        assertThat(leadCount()).isEqualTo(before + 1);
    }

    @Test
    void statusesMoveOnlyForwardAndDeadIsFinal() {
        String id = created(lead("")).get("id").asText();

        assertThat(patch(id, "{\"status\":\"qualified\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> back = patch(id, "{\"status\":\"contacted\"}");
        assertThat(back.statusCode()).isEqualTo(409);
        assertThat(json(back.body()).get("detail").asText()).contains("qualified", "contacted");
        assertThat(patch(id, "{\"status\":\"qualified\"}").statusCode()).isEqualTo(200);
        assertThat(patch(id, "{\"status\":\"dead\"}").statusCode()).isEqualTo(200);
        assertThat(patch(id, "{\"status\":\"negotiating\"}").statusCode()).isEqualTo(409);
        assertThat(patch(id, "{\"status\":\"won\"}").statusCode()).isEqualTo(400);
        assertThat(patch(id, "{\"email\":\"x@example.com\"}").statusCode()).isEqualTo(409);
        assertThat(patch("lead_missing", "{\"status\":\"dead\"}").statusCode()).isEqualTo(404);

        JsonNode lead = getLead(id);
        assertThat(lead.get("status").asText()).isEqualTo("dead");
        assertThat(lead.get("activities").findValuesAsText("detail"))
                .contains("new → qualified", "qualified → dead");
    }

    @Test
    void aPhoneLeadGetsItsTripAsCallsTellItAndEachChangeIsAnActivity() {
        String id = created(lead("\"source\":\"phone\",\"estimated_trip_date\":null,\"estimated_passengers\":null"))
                .get("id").asText();
        String date = tripDate();

        HttpResponse<String> told = patch(id, "{\"estimated_trip_date\":\"" + date + "\",\"estimated_passengers\":45,"
                + "\"pickup_location\":\"Boston, MA\",\"last_name\":\"Lopez-Ruiz\"}");

        assertThat(told.statusCode()).as(told.body()).isEqualTo(200);
        JsonNode lead = getLead(id);
        assertThat(lead.get("estimated_trip_date").asText()).isEqualTo(date);
        assertThat(lead.get("estimated_passengers").asInt()).isEqualTo(45);
        assertThat(lead.get("pickup_location").asText()).isEqualTo("Boston, MA");
        assertThat(lead.get("last_name").asText()).isEqualTo("Lopez-Ruiz");
        assertThat(lead.get("dropoff_location").asText()).isEqualTo("Washington, DC");
        JsonNode activity = lead.get("activities").get(lead.get("activities").size() - 1);
        assertThat(activity.get("kind").asText()).isEqualTo("details_changed");
        assertThat(activity.get("actor").asText()).isEqualTo("ops");
        assertThat(activity.get("detail").asText()).contains("estimated_trip_date: none → " + date,
                "estimated_passengers: none → 45", "pickup_location: Hartford, CT → Boston, MA", "last_name: Lopez ");

        // told again, nothing changes and nothing is logged; a null clears a detail, never the first name
        assertThat(patch(id, "{\"estimated_passengers\":45}").statusCode()).isEqualTo(200);
        assertThat(activityKinds(id)).filteredOn("details_changed"::equals).hasSize(1);
        assertThat(patch(id, "{\"pickup_location\":null}").statusCode()).isEqualTo(200);
        assertThat(getLead(id).has("pickup_location")).isFalse();

        // every problem at once, and nothing of the change is kept
        HttpResponse<String> bad = patch(id, "{\"estimated_trip_date\":\"2020-01-01\",\"estimated_passengers\":0,"
                + "\"first_name\":\" \",\"phone\":\"555-0142\",\"email\":\"maria@\",\"colour\":\"red\","
                + "\"status\":\"negotiating\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "estimated_trip_date", "estimated_passengers", "first_name", "phone", "email", "colour");
        assertThat(bad.body()).contains("is in the past", "must be a phone number, such as",
                "must be an email address the hub can send to");
        assertThat(getLead(id).get("status").asText()).isEqualTo("new");
        assertThat(getLead(id).get("estimated_passengers").asInt()).isEqualTo(45);

        // details and status in one PATCH; a closed lead's details stay as they were
        assertThat(patch(id, "{\"estimated_passengers\":52,\"status\":\"dead\"}").statusCode()).isEqualTo(200);
        assertThat(getLead(id).get("estimated_passengers").asInt()).isEqualTo(52);
        HttpResponse<String> late = patch(id, "{\"estimated_passengers\":60}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late.body()).get("detail").asText()).contains("is dead", "only an open lead's details");
        assertThat(getLead(id).get("estimated_passengers").asInt()).isEqualTo(52);
    }

    @Test
    void anEmailLearntOnTheCallIsKeptFoundByARepeatEnquiryAndGoesToTheCharterSystemAtConversion() {
        drain(WorkQueues.outbound("charter"));
        String id = created(lead("\"source\":\"phone\",\"email\":null")).get("id").asText();
        String email = "caller." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        HttpResponse<String> told = patch(id, "{\"email\":\"" + email.toUpperCase() + "\"}");

        assertThat(told.statusCode()).as(told.body()).isEqualTo(200);
        assertThat(getLead(id).get("email").asText()).isEqualTo(email);
        assertThat(activityDetails(id, "details_changed")).containsExactly("email: none → " + email);
        // the customer writes in from it: the lead is found, not made twice
        HttpResponse<String> again = postLead(lead("\"email\":\"" + email + "\""));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("id").asText()).isEqualTo(id);

        // the last way to reach the customer is not cleared; another open lead's email is not taken
        HttpResponse<String> cleared = patch(id, "{\"email\":null,\"phone\":null}");
        assertThat(cleared.statusCode()).isEqualTo(400);
        assertThat(cleared.body())
                .contains("cannot be cleared: a lead keeps an email or a phone, to reach the customer");
        JsonNode other = created(lead(""));
        HttpResponse<String> taken = patch(id, "{\"email\":\"" + other.get("email").asText() + "\"}");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(json(taken.body()).get("detail").asText()).contains("Open lead " + other.get("id").asText(),
                "has the email " + other.get("email").asText(), "set the other's status to dead");
        JsonNode kept = getLead(id);
        assertThat(kept.get("email").asText()).isEqualTo(email);
        assertThat(kept.has("phone")).isTrue();

        assertThat(post("/api/v1/leads/" + id + "/convert", "application/json", "", "Authorization", OPS)
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> depth(WorkQueues.outbound("charter")) == 1);
        JsonNode pushed = json(new String(rabbit.receive(WorkQueues.outbound("charter"), 1000).getBody(),
                StandardCharsets.UTF_8));
        assertThat(pushed.get("data").get("email").asText()).isEqualTo(email);
        assertThat(pushed.get("data").get("phone").asText()).isEqualTo(kept.get("phone").asText());
    }

    @Test
    void activitiesAreLoggedAndListed() {
        String id = created(lead("")).get("id").asText();

        HttpResponse<String> logged = post("/api/v1/leads/" + id + "/activities", "application/json",
                "{\"kind\":\"call\",\"detail\":\"Left a voicemail\"}", "Authorization", OPS);
        assertThat(logged.statusCode()).isEqualTo(201);
        assertThat(json(logged.body()).get("actor").asText()).isEqualTo("ops");
        assertThat(post("/api/v1/leads/" + id + "/activities", "application/json", "{\"kind\":\"fax\"}",
                "Authorization", OPS).statusCode()).isEqualTo(400);
        HttpResponse<String> misnamed = post("/api/v1/leads/" + id + "/activities", "application/json",
                "{\"type\":\"call\",\"detail\":\"x\"}", "Authorization", OPS);
        assertThat(json(misnamed.body()).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("type",
                "kind");
        assertThat(post("/api/v1/leads/lead_nope/activities", "application/json",
                "{\"kind\":\"note\",\"detail\":\"x\"}", "Authorization", OPS).statusCode()).isEqualTo(404);

        HttpResponse<String> listed = get("/api/v1/leads/" + id + "/activities", "Authorization", ANALYST);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(json(listed.body()).get("items").findValuesAsText("kind"))
                .containsExactly("created", "assigned", "call");
    }

    @Test
    void pipelineAndFiltersCountWhatIsThere() {
        String id = created(lead("")).get("id").asText();
        patch(id, "{\"status\":\"negotiating\"}");

        JsonNode pipeline = json(get("/api/v1/leads/pipeline", "Authorization", ANALYST).body());
        long negotiating = jdbc.sql("SELECT count(*) FROM leads WHERE status = 'negotiating'").query(Long.class)
                .single();
        assertThat(pipeline.get("counts").get("negotiating").asLong()).isEqualTo(negotiating).isPositive();
        assertThat(pipeline.get("total").asLong()).isEqualTo(leadCount());

        JsonNode filtered = json(get("/api/v1/leads?status=negotiating&agent_id=" + AGENT, "Authorization", OPS)
                .body());
        assertThat(filtered.get("items").findValuesAsText("status")).containsOnly("negotiating");
        assertThat(filtered.get("items").findValuesAsText("id")).contains(id);
        assertThat(get("/api/v1/leads?status=maybe", "Authorization", OPS).statusCode()).isEqualTo(400);
        assertThat(json(get("/api/v1/leads?assigned=maybe", "Authorization", OPS).body()).get("errors").toString())
                .contains("assigned", "must be true or false");
        assertThat(json(get("/api/v1/leads?assigned=true&agent_id=" + AGENT, "Authorization", OPS).body())
                .get("items").findValuesAsText("id")).contains(id);
        assertThat(get("/api/v1/leads?size=100000", "Authorization", OPS).statusCode()).isEqualTo(400);

        // a customer on the phone is found by their number or email, as they say it
        JsonNode lead = getLead(id);
        String national = "(" + lead.get("phone").asText().substring(2, 5) + ") "
                + lead.get("phone").asText().substring(5, 8) + "-" + lead.get("phone").asText().substring(8);
        for (String said : List.of(national, lead.get("email").asText().toUpperCase())) {
            JsonNode found = json(get("/api/v1/leads?customer=" + URLEncoder.encode(said,
                    StandardCharsets.UTF_8), "Authorization", ANALYST).body());
            assertThat(found.get("items").findValuesAsText("id")).as(said).containsExactly(id);
            assertThat(found.get("total").asLong()).isEqualTo(1);
        }
        HttpResponse<String> nobody = get("/api/v1/leads?customer=maria", "Authorization", OPS);
        assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(400);
        assertThat(json(nobody.body()).get("errors").toString()).contains("customer",
                "is neither a valid email address nor a phone number");
        HttpResponse<String> publisher = get("/api/v1/leads", "Authorization", "Bearer " + SALES_KEY);
        assertThat(publisher.statusCode()).isEqualTo(403);
        assertThat(json(publisher.body()).get("detail").asText())
                .isEqualTo(
                        "This endpoint needs one of the roles ops, admin, analyst; your credentials carry publisher.");
        assertThat(get("/api/v1/leads/lead_%27%20OR%201=1", "Authorization", OPS).statusCode()).isEqualTo(404);
    }

    @Test
    void conversionRaisesLeadConvertedAndQueuesTheCharterPush() {
        drain(WorkQueues.outbound("charter"));
        String id = created(lead("\"estimated_passengers\":48")).get("id").asText();
        patch(id, "{\"status\":\"negotiating\"}");

        HttpResponse<String> converted = post("/api/v1/leads/" + id + "/convert", "application/json", "",
                "Authorization", OPS);

        assertThat(converted.statusCode()).as(converted.body()).isEqualTo(200);
        assertThat(json(converted.body()).get("status").asText()).isEqualTo("converted");
        String eventId = "lead-converted-" + id;
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("coachway-hub", eventId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> depth(WorkQueues.outbound("charter")) == 1);
        Message push = rabbit.receive(WorkQueues.outbound("charter"), 1000);
        assertThat(push.getMessageProperties().getCorrelationId()).isEqualTo(eventId);
        JsonNode event = json(new String(push.getBody(), StandardCharsets.UTF_8));
        assertThat(event.get("type").asText()).isEqualTo("lead.converted");
        assertThat(event.get("data").get("id").asText()).isEqualTo(id);
        assertThat(event.get("data").get("estimated_passengers").asInt()).isEqualTo(48);
        assertThat(event.get("data").get("agent").get("id").asText()).isEqualTo(AGENT);

        // converting again changes nothing and pushes nothing more; a dead lead cannot be converted
        assertThat(post("/api/v1/leads/" + id + "/convert", "application/json", "", "Authorization", OPS)
                .statusCode()).isEqualTo(200);
        assertThat(activityKinds(id)).filteredOn("converted"::equals).hasSize(1);
        String dead = created(lead("")).get("id").asText();
        patch(dead, "{\"status\":\"dead\"}");
        assertThat(post("/api/v1/leads/" + dead + "/convert", "application/json", "", "Authorization", OPS)
                .statusCode()).isEqualTo(409);
        assertThat(depth(WorkQueues.outbound("charter"))).isZero();
    }

    @Test
    void aLeadCreatedEventGoesThroughTheSameIntake() {
        String email = "event." + UUID.randomUUID() + "@example.com";
        String data = lead("\"email\":\"" + email + "\",\"source\":\"partner\"");
        String eventId = "evt-" + UUID.randomUUID();

        assertThat(postEvent(event(eventId, "lead.created", data)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM leads WHERE email = ?")
                .param(email).query(Long.class).single() == 1);
        String id = jdbc.sql("SELECT id FROM leads WHERE email = ?").param(email).query(String.class).single();
        JsonNode lead = getLead(id);
        assertThat(lead.get("source").asText()).isEqualTo("partner");
        assertThat(lead.get("assigned_agent_id").asText()).isEqualTo(AGENT);
        assertThat(lead.get("activities").get(0).get("actor").asText()).isEqualTo("charter-service");

        // the same event again is a duplicate at ingress; a redelivered work message finds its lead
        assertThat(postEvent(event(eventId, "lead.created", data)).statusCode()).isEqualTo(200);
    }

    @Test
    void aLeadEventTheLeadsApiWouldRefuseIsRefusedAtTheDoorNotParkedAfterA202() {
        // each was answered 202, then its lead was parked: the schema now knows a number and a mailbox as the
        // leads API does, and the leads check at the door knows today's date
        String wrongNumber = "{\"first_name\":\"Al\",\"source\":\"web\",\"phone\":\"call me\"}";
        String noMailbox = "{\"first_name\":\"Al\",\"source\":\"web\",\"email\":\"al@example..com\"}";
        String goneBy = "{\"first_name\":\"Al\",\"source\":\"web\",\"email\":\"al.past@example.com\","
                + "\"estimated_trip_date\":\"2020-01-01\"}";
        for (String data : List.of(wrongNumber, noMailbox, goneBy)) {
            HttpResponse<String> refused = postEvent(event("evt-" + UUID.randomUUID(), "lead.created", data));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        }
        assertThat(fieldErrors(postEvent(event("evt-" + UUID.randomUUID(), "lead.created", wrongNumber))))
                .containsExactly("data.phone: must be a phone number, such as +1 617 555 0142 (without a country code, "
                        + "one of US)");
        assertThat(fieldErrors(postEvent(event("evt-" + UUID.randomUUID(), "lead.created", noMailbox))))
                .containsExactly("data.email: must be an email address the hub can send to, such as ana@example.com");
        // the leads API says it in the same words, both naming the region a number without a country code is read in
        assertThat(fieldErrors(postLead(wrongNumber))).containsExactly(
                "phone: must be a phone number, such as +1 617 555 0142 (without a country code, one of US)");
        assertThat(fieldErrors(postLead(noMailbox)))
                .containsExactly("email: must be an email address the hub can send to, such as ana@example.com");
        assertThat(fieldErrors(postEvent(event("evt-" + UUID.randomUUID(), "lead.created", goneBy))))
                .singleElement().asString().startsWith("data.estimated_trip_date: is in the past (today is ");
        assertThat(jdbc.sql("SELECT count(*) FROM leads WHERE first_name = 'Al'").query(Long.class).single()).isZero();
        assertThat(depth(WorkQueues.parked(WorkQueues.LEADS))).isZero();
    }

    private static List<String> fieldErrors(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        List<String> errors = new ArrayList<>();
        json(response.body()).get("errors").forEach(e -> errors.add(e.get("field").asText() + ": "
                + e.get("message").asText()));
        return errors;
    }

    @Test
    void aPhoneLeadWithoutTripDetailsIsTakenAndItsNoticesAreComplete() {
        String phone = "+1617555" + String.format("%04d", (int) (Math.random() * 10000));
        JsonNode lead = created("{\"first_name\":\"Maria\",\"source\":\"phone\",\"phone\":\"" + phone + "\"}");

        assertThat(lead.get("status").asText()).isEqualTo("new");
        JsonNode stored = getLead(lead.get("id").asText());
        assertThat(stored.has("estimated_trip_date")).isFalse();
        assertThat(stored.has("last_name")).isFalse();
        // the customer's acknowledgement renders without the trip it does not have
        String ack = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT status FROM notifications "
                + "WHERE template = 'lead_acknowledgement' AND phone = ?").param(phone).query(String.class).optional()
                .orElse(null), status -> status != null && !status.equals("queued") && !status.equals("sending"));
        assertThat(ack).isEqualTo("sent");
    }

    @Test
    void theLiteralTextOfAnEscapedNulIsJustText() {
        // six characters a person may paste: a backslash, u and four zeros. Not NUL, and no reason to fail
        String text = "see \\u0000 in the coach manual";
        JsonNode lead = created(lead("\"trip_details\":" + JSON.valueToTree(text)));

        assertThat(getLead(lead.get("id").asText()).get("trip_details").asText()).isEqualTo(text);
        String email = getLead(lead.get("id").asText()).get("email").asText();
        String status = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT status FROM "
                + "notifications WHERE template = 'lead_acknowledgement' AND email = ?").param(email)
                .query(String.class).optional().orElse(null),
                s -> s != null && !s.equals("queued")
                        && !s.equals("sending"));
        assertThat(status).isEqualTo("sent");
        assertThat(jdbc.sql("SELECT data->'lead'->>'trip_details' FROM notifications WHERE email = ? AND "
                + "template = 'lead_acknowledgement'").param(email).query(String.class).single()).isEqualTo(text);
    }

    @Test
    void anInvalidLeadEventIsParkedWithItsReasons() {
        rabbit.send(WorkQueues.WORK_EXCHANGE, WorkQueues.LEADS, MessageBuilder
                .withBody(event("evt-bad", "lead.created", "{\"first_name\":\"X\",\"estimated_passengers\":-1}")
                        .getBytes(StandardCharsets.UTF_8))
                .setMessageId("charter-service/evt-bad#lead-created/0")
                .build());

        await().atMost(Duration.ofSeconds(10)).until(() -> depth(WorkQueues.parked(WorkQueues.LEADS)) == 1);
        Message parked = rabbit.receive(WorkQueues.parked(WorkQueues.LEADS), 1000);
        assertThat((String) parked.getMessageProperties().getHeaders().get(HubHeaders.FAILURE_REASON))
                .contains("invalid lead", "email", "estimated_passengers", "source");
        assertThat(parked.getMessageProperties().getHeaders()).containsEntry(HubHeaders.FAILURE_KIND, "permanent");
    }

    @Test
    void assignmentRulesNeedAnAdminAndValidFields() {
        // inactive from the start: the other tests here rely on one agent taking every lead
        String body = "{\"agent_id\":\"x-1\",\"agent_name\":\"X\",\"agent_email\":\"x@coachway.example\","
                + "\"weight\":1,\"max_leads_per_day\":5,\"is_active\":false}";
        assertThat(post("/api/v1/assignment-rules", "application/json", body, "Authorization", OPS).statusCode())
                .isEqualTo(403);
        HttpResponse<String> bad = post("/api/v1/assignment-rules", "application/json",
                "{\"agent_id\":\"x-2\",\"agent_name\":\"X\",\"weight\":0,\"max_leads_per_day\":-1,"
                        + "\"agent_email\":\"nope\",\"is_active\":\"yes\"}",
                "Authorization", ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("weight", "max_leads_per_day", "agent_email", "is_active");
        // an agent the hub cannot reach would hold leads unknowing until the contact SLA moved them on
        HttpResponse<String> unreachable = post("/api/v1/assignment-rules", "application/json",
                body.replace("\"agent_email\":\"x@coachway.example\",", ""), "Authorization", ADMIN);
        assertThat(unreachable.statusCode()).isEqualTo(400);
        assertThat(json(unreachable.body()).get("errors").toString()).contains("agent_email",
                "an agent_email or an agent_phone is required");
        HttpResponse<String> made = post("/api/v1/assignment-rules", "application/json", body, "Authorization",
                ADMIN);
        assertThat(made.statusCode()).isEqualTo(201);
        long id = json(made.body()).get("id").asLong();
        assertThat(post("/api/v1/assignment-rules", "application/json", body, "Authorization", ADMIN).statusCode())
                .isEqualTo(409);

        HttpResponse<String> updated = putRule(id, body.replace("\"weight\":1", "\"weight\":3"));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated.body()).get("weight").asInt()).isEqualTo(3);
        // a misspelt key is named, not ignored: ignored, the agent would go on taking leads
        HttpResponse<String> misspelt = putRule(id, body.replace("\"is_active\":false", "\"is_actve\":false"));
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(json(misspelt.body()).get("errors").findValuesAsText("field")).containsExactly("is_actve");
        assertThat(putRule(999999, body).statusCode()).isEqualTo(404);
        JsonNode listed = json(get("/api/v1/assignment-rules", "Authorization", ANALYST).body());
        assertThat(listed.get("items").findValuesAsText("agent_id")).contains("x-1", AGENT);
    }
}
