package com.coachway.hub.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The static safety check of API.md §2a, and what happens when a render still fails at send time: a template edit,
 * a routing table, a notification request or a campaign that would make a message with a hole is refused up front;
 * a failure that slips through parks the notification where ops see it, and their replay after the fix delivers it.
 */
@TestPropertySource(properties = {"hub.deadletters.auto-startup=true", "hub.rate.sms=100"})
class TemplateSafetyTest extends DeliveryIntegrationTest {

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());
    static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
    // a type no schema describes, reached only through a wildcard: the one way a render can still fail at send time
    static final String DRILL_RULE = """

              - id: drill
                match: "ops.drill.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms]}
            """;
    static final Path ROUTING = shippedRulesAnd(DRILL_RULE);

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void routing(DynamicPropertyRegistry registry) {
        registry.add("hub.routing.file", ROUTING::toString);
    }

    @AfterEach
    void restoreTheTable() throws IOException {
        replaceFile(ROUTING, Files.readString(Path.of("config/routing.yml")) + DRILL_RULE);
    }

    @Test
    void aTemplateEditThatUsesAnUnguaranteedVariableIsA400NamingEverything() {
        HttpResponse<String> response = put("/api/v1/templates/charter_confirmed", """
                {"category":"transactional","sms":{"text":"Charter #{{ charter_id }} leaves {{ trip.date }}"},
                 "email":{"subject":"Confirmed","text":"Hi {{ recipient.name }}","html":"<p>Hi</p>"}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("sms.text");
        assertThat(error.get("message").asText()).contains("template 'charter_confirmed'", "channel sms",
                "variable 'trip.date'", "event type charter.confirmed", "rule charter-confirmed");

        // guarded, the same edit is fine
        assertThat(put("/api/v1/templates/charter_confirmed",
                """
                        {"category":"transactional","sms":{"text":"Charter #{{ charter_id }}{% if trip.date is defined %} \
                        leaves {{ trip.date }}{% endif %}"},"email":{"subject":"Confirmed","text":"Hi {{ recipient.name }}","html":"<p>Hi</p>"}}""")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aLeadNoticeIsHeldToTheContextItDeclares() {
        HttpResponse<String> response = put("/api/v1/templates/lead_acknowledgement", """
                {"category":"transactional","sms":{"text":"Thanks {{ lead.first_name }}, see you on \
                {{ lead.estimated_trip_date }}"}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("variable 'lead.estimated_trip_date'",
                "the lead notice lead_acknowledgement");
    }

    @Test
    void anApprovedWhatsAppTemplateMayUseOnlyRequiredPathsOrDefaults() {
        String template = """
                {"category":"transactional","whatsapp":{"provider_template":{"id":"HX1","language":"en_US",
                 "variables":["recipient.name","%s"]}},"sms":{"text":"Charter #{{ charter_id }}"},
                 "email":{"subject":"Confirmed","text":"Charter #{{ charter_id }}","html":"<p>Confirmed</p>"}}""";
        HttpResponse<String> refused = put("/api/v1/templates/charter_confirmed", template.formatted("trip.date"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("whatsapp.provider_template.variables", "trip.date",
                "holds no conditions");
        assertThat(put("/api/v1/templates/charter_confirmed",
                template.formatted("trip.date | default('your travel day')")).statusCode()).isEqualTo(200);
    }

    @Test
    void aRoutingTableThatSendsATemplateDataItDoesNotGuaranteeIsRefused() throws IOException {
        replaceFile(ROUTING, Files.readString(ROUTING) + """

                  - id: reschedule-bid
                    match: charter.rescheduled
                    actions:
                      - notify: {template: bid_request, to: client, channels: [email]}
                """);

        JsonNode routing = await().atMost(Duration.ofSeconds(20)).until(() -> json(get("/actuator/health/routing",
                "Authorization", OPS).body()),
                health -> health.path("details").path("refusedEdit").asText().contains("reschedule-bid"));
        assertThat(routing.get("details").get("refusedEdit").asText()).contains("template 'bid_request'",
                "variable 'bid_id'", "event type charter.rescheduled", "rule reschedule-bid");
        assertThat(routing.get("details").get("rules").asInt()).isEqualTo(tableSize());
    }

    @Test
    void aDigestsTemplateMayUseWhatEveryGatheredEventHoldsAndNothingElseUnguarded() throws IOException {
        // feedback.received requires charter_id; rating and comment are optional
        template("""
                {"name":"feedback_digest","category":"transactional","email":{"subject":"{{ count }} new feedback",
                 "text":"{% for e in events %}{{ e.type }} {{ e.id }}: charter {{ e.data.charter_id }}\
                {% if e.data.rating is defined %}, {{ e.data.rating }} stars{% endif %}\\n{% endfor %}",
                 "html":"<ul>{% for e in events %}<li>charter {{ e.data.charter_id }}</li>{% endfor %}</ul>"}}""");
        replaceFile(ROUTING, Files.readString(ROUTING) + """

                  - id: feedback-digest
                    match: feedback.received
                    actions:
                      - notify: {template: feedback_digest, to: manager, channels: [email],
                                 digest: {key: recipient, window: PT1H}}
                """);

        assertTheAddedRuleIsInForce("feedback_digest");

        HttpResponse<String> response = put("/api/v1/templates/feedback_digest", """
                {"category":"transactional","email":{"subject":"{{ count }} new feedback",
                 "text":"{% for e in events %}charter {{ e.data.charter_id }}: {{ e.data.comment }}\\n{% endfor %}",
                 "html":"<p>{{ count }} new feedback</p>"}}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("errors").get(0).get("message").asText()).contains(
                "variable 'events[].data.comment'", "event type feedback.received", "rule feedback-digest",
                "{% if <item>.data.comment is defined %}");
    }

    @Test
    void aThresholdsTemplateMayListTheEventsItCountedByWhatEachOfThemHolds() {
        // charter.rescheduled requires charter_id; previous_date is optional
        HttpResponse<String> response = put("/api/v1/templates/reschedule_alert", """
                {"category":"transactional","email":{"subject":"{{ client.name }} keeps rescheduling",
                 "text":"{% for moved in threshold.events %}{{ moved.time }} #{{ moved.data.charter_id }}\
                 (was {{ moved.data.previous_date }})\\n{% endfor %}",
                 "html":"<p>{{ threshold.events | length }} reschedules</p>"}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("errors")).hasSize(1);
        assertThat(json(response.body()).get("errors").get(0).get("message").asText()).contains(
                "variable 'threshold.events[].data.previous_date'", "event type charter.rescheduled",
                "rule charter-rescheduled");
    }

    @Test
    void aRulesConditionVouchesForTheFieldsItTestsNotForOthers() throws IOException {
        // trip is optional in charter.confirmed; the rule only lets through charters of more than 50 passengers
        template("""
                {"name":"big_charter_alert","category":"transactional",
                 "sms":{"text":"Charter #{{ charter_id }} carries {{ trip.passengers }} passengers"}}""");
        replaceFile(ROUTING, Files.readString(ROUTING) + """

                  - id: big-charter
                    match: charter.confirmed
                    when: {field: trip.passengers, gt: 50}
                    actions:
                      - notify: {template: big_charter_alert, to: client, channels: [sms]}
                """);

        assertTheAddedRuleIsInForce("big_charter_alert");

        HttpResponse<String> response = put("/api/v1/templates/big_charter_alert",
                """
                        {"category":"transactional",
                         "sms":{"text":"Charter #{{ charter_id }}: {{ trip.passengers }} passengers from {{ trip.pickup }}"}}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("errors").get(0).get("message").asText()).contains(
                "variable 'trip.pickup'", "event type charter.confirmed", "rule big-charter");
    }

    @Test
    void aNotificationRequestLackingWhatItsTemplateNeedsIsA400() {
        HttpResponse<String> response = post("/api/v1/notifications", "application/json",
                request("payment_confirmation", "[\"sms\"]", "{\"name\":\"Ana\",\"phone\":\"" + uniquePhone() + "\"}",
                        "{\"charter_id\":186}"),
                "Authorization", "Bearer " + CHARTER_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("errors").findValuesAsText("field")).containsExactly("data.amount");
    }

    @Test
    void aCampaignIsCheckedAgainstTheTemplateItNames() {
        String recipients = "[{\"name\":\"Ana\",\"email\":\"" + uniqueEmail() + "\"}]";
        HttpResponse<String> lacking = postEvent(event("evt-" + UUID.randomUUID(), "marketing.campaign",
                "{\"template\":\"seasonal_offer\",\"recipients\":" + recipients + ",\"offer\":{\"percent\":15}}"));
        assertThat(lacking.statusCode()).isEqualTo(400);
        assertThat(json(lacking.body()).get("errors").findValuesAsText("field")).contains("data.offer.season",
                "data.offer.ends", "data.offer.url");

        HttpResponse<String> unknown = postEvent(event("evt-" + UUID.randomUUID(), "marketing.campaign",
                "{\"template\":\"no_such_offer\",\"recipients\":" + recipients + "}"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown.body()).get("errors").findValuesAsText("field")).containsExactly("data.template");

        // in one answer with what the schema finds, not in a second round once that is fixed
        HttpResponse<String> both = postEvent(event("evt-" + UUID.randomUUID(), "marketing.campaign",
                "{\"template\":\"no_such_offer\",\"recipients\":[{\"name\":\"Kim\"}]}"));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json(both.body()).get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("data.recipients[0]", "data.template");
        // and a campaign with no data at all is told so, nothing more
        HttpResponse<String> none = post("/api/v1/events", "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"evt-" + UUID.randomUUID() + "\",\"source\":\"charter-service\","
                        + "\"type\":\"marketing.campaign\"}",
                "Authorization", "Bearer " + CHARTER_KEY);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
        assertThat(json(none.body()).get("errors").findValuesAsText("field")).containsExactly("data");
    }

    @Test
    void aCampaignWhoseDataTheTemplateCannotRenderIsRefusedNotParkedPerRecipient() {
        // every variable is there, but "end of May" is no date: each recipient's email would park at its send, and a
        // replay cannot mend a campaign's data
        String recipients = "[{\"name\":\"Ana\",\"email\":\"" + uniqueEmail() + "\"},{\"name\":\"Bo\",\"email\":\""
                + uniqueEmail() + "\"}]";
        String id = "evt-" + UUID.randomUUID();
        HttpResponse<String> refused = postEvent(event(id, "marketing.campaign", "{\"template\":\"seasonal_offer\","
                + "\"recipients\":" + recipients + ",\"offer\":{\"percent\":15,\"season\":\"summer\","
                + "\"ends\":\"end of May\",\"url\":\"https://coachway.example/summer\"}}"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode errors = json(refused.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsOnly("data");
        assertThat(errors.findValuesAsText("message")).allSatisfy(message -> assertThat(message).contains(
                "template 'seasonal_offer'", "email.", "cannot read 'end of May' as a date"));
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE event_id = ?").param(id).query(Integer.class)
                .single()).isZero();
    }

    @Test
    void aTemplateBrokenAtSendTimeIsParkedListedAndDeliveredByAReplayAfterTheFix() {
        twilioAccepts();
        template("""
                {"name":"drill_notice","category":"transactional","sms":{"text":"Drill {{ drill.name }} today"}}""");
        String phone = uniquePhone();
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "ops.drill.fire", "{\"client\":{\"name\":\"Ana\",\"phone\":\"" + phone
                + "\"}}")).statusCode()).isEqualTo(202);

        JsonNode parked = await().atMost(Duration.ofSeconds(20)).until(() -> onlyNotificationOf(id),
                n -> n != null && "parked".equals(n.get("status").asText()));
        assertThat(parked.get("error_code").asText()).isEqualTo("template_error");
        JsonNode letter = await().atMost(Duration.ofSeconds(20)).until(() -> letterAbout(parked.get("id").asText()),
                l -> l != null);
        assertThat(letter.get("reason").asText()).contains("template_error", "drill_notice", "v", "drill");
        assertThat(twilioRequests()).isEmpty();
        assertThat(meters.find("hub.notifications.template_errors").tag("template", "drill_notice").counter())
                .isNotNull().satisfies(counter -> assertThat(counter.count()).isPositive());

        assertThat(put("/api/v1/templates/drill_notice", """
                {"category":"transactional","sms":{"text":"Drill {{ drill.name | default('practice') }} today"}}""")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> replay = post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay",
                "application/json", "", "Authorization", OPS);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);

        awaitStatus(parked.get("id").asText(), "sent");
        assertThat(Forms.parse(twilioRequests().get(0).getBodyAsString()).get("Body"))
                .isEqualTo("Drill practice today");
    }

    @Test
    void aTemplateTheRoutingTableSendsCannotBeDeletedOneNobodySendsCan() {
        HttpResponse<String> refused = delete("/api/v1/templates/charter_split");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(refused.body()).get("detail").asText()).contains("Template 'charter_split'",
                "event type charter.split (rule charter-split", "routing table");
        assertThat(get("/api/v1/templates/charter_split", "Authorization", ADMIN).statusCode()).isEqualTo(200);

        smsTemplate("retired_notice", "We have moved");
        assertThat(delete("/api/v1/templates/retired_notice").statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/templates/retired_notice", "Authorization", ADMIN).statusCode()).isEqualTo(404);
        assertThat(delete("/api/v1/templates/retired_notice").statusCode()).isEqualTo(404);
    }

    @Test
    void aTemplateEditOrRequestThatLeavesNoBodyForItsChannelsIsA400() {
        HttpResponse<String> edit = put("/api/v1/templates/feedback_request", """
                {"category":"reminders","sms":{"text":"How was charter #{{ charter_id }}?"}}""");

        assertThat(edit.statusCode()).isEqualTo(400);
        JsonNode error = json(edit.body()).get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("email");
        assertThat(error.get("message").asText()).contains("template 'feedback_request' has no body for email",
                "event type trip.completed (rule trip-completed");

        HttpResponse<String> request = post("/api/v1/notifications", "application/json",
                request("feedback_request", "[\"sms\",\"whatsapp\"]",
                        "{\"name\":\"Ana\",\"phone\":\"" + uniquePhone() + "\"}", "{\"charter_id\":186}"),
                "Authorization", "Bearer " + CHARTER_KEY);
        assertThat(request.statusCode()).isEqualTo(400);
        assertThat(json(request.body()).get("errors").findValuesAsText("message"))
                .containsExactly("template 'feedback_request' has no body for any of its channels (sms, whatsapp)");
    }

    @Test
    void aTemplateSendsWaitForCannotBeDeletedUntilTheyAreCancelled() {
        smsTemplate("drill_later", "Drill tomorrow at the depot");
        Instant due = Instant.now().plus(Duration.ofHours(20)).truncatedTo(ChronoUnit.SECONDS);
        String id = notify("""
                {"template":"drill_later","channels":["sms"],"to":{"name":"Ana","phone":"%s"},"data":{},
                 "send_at":"%s"}""".formatted(uniquePhone(), due));

        HttpResponse<String> refused = delete("/api/v1/templates/drill_later");
        assertThat(refused.statusCode()).isEqualTo(409);
        String detail = json(refused.body()).get("detail").asText();
        assertThat(detail).contains("waited for by 1 scheduled send", "the first due " + due);
        String listing = detail.substring(detail.indexOf("GET ") + 4, detail.indexOf(" lists them"));
        assertThat(json(get(listing, "Authorization", OPS).body()).get("items").findValuesAsText("id"))
                .containsExactly(id);

        assertThat(post("/api/v1/scheduled/" + id + "/cancel", "application/json", "", "Authorization", OPS)
                .statusCode()).isEqualTo(200);
        assertThat(delete("/api/v1/templates/drill_later").statusCode()).isEqualTo(204);
    }

    @Test
    void aWaitingSendWhoseTemplateWentMissingIsParkedAndDeliveredOnceItIsMadeAgain() {
        twilioAccepts();
        smsTemplate("drill_recall", "Drill recall: report to the depot");
        String phone = uniquePhone();
        String id = notify("""
                {"template":"drill_recall","channels":["sms"],"to":{"name":"Ana","phone":"%s"},"data":{},
                 "send_at":"%s"}""".formatted(phone, Instant.now().plusSeconds(3)));
        // the API refuses to delete it now; a delete that raced the request's acceptance would leave this
        jdbc.sql("UPDATE templates SET deleted = true WHERE name = 'drill_recall'").update();

        JsonNode parked = await().atMost(Duration.ofSeconds(30)).until(() -> notification(id),
                n -> "parked".equals(n.get("status").asText()));
        assertThat(parked.get("error_code").asText()).isEqualTo("template_error");
        assertThat(parked.get("error_message").asText()).contains("template 'drill_recall' does not exist");
        JsonNode letter = await().atMost(Duration.ofSeconds(20)).until(() -> letterAbout(id), l -> l != null);
        assertThat(letter.get("reason").asText()).contains("drill_recall", "create it again, then replay");
        assertThat(sentTo(phone)).isZero();

        smsTemplate("drill_recall", "Drill recall: report to the depot");
        assertThat(post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay", "application/json", "",
                "Authorization", OPS).statusCode()).isEqualTo(200);
        awaitStatus(id, "sent");
        assertThat(twilioRequests()).hasSize(1);
        assertThat(Forms.parse(twilioRequests().get(0).getBodyAsString()).get("Body"))
                .isEqualTo("Drill recall: report to the depot");
    }

    @Test
    void aMessageNoChannelOfItsTemplateCanCarryIsParkedNotFailed() {
        twilioAccepts();
        // free WhatsApp text only, to a number that never wrote to us: outside the 24-hour window there is nothing
        // the hub may send
        template("""
                {"name":"drill_chat","category":"transactional","whatsapp":{"text":"Drill at the depot"}}""");
        String id = notify(request("drill_chat", "[\"whatsapp\"]",
                "{\"name\":\"Ana\",\"phone\":\"" + uniquePhone() + "\"}", "{}"));

        JsonNode parked = awaitStatus(id, "parked");
        assertThat(parked.get("error_code").asText()).isEqualTo("template_error");
        assertThat(parked.get("error_message").asText()).contains("template 'drill_chat'",
                "can carry none of its channels (whatsapp)");
        assertThat(parked.get("events").findValuesAsText("detail")).anySatisfy(detail -> assertThat(detail)
                .contains("outside the 24-hour window and the template has no approved WhatsApp template"));
        JsonNode letter = await().atMost(Duration.ofSeconds(20)).until(() -> letterAbout(id), l -> l != null);

        // the approved template added, the replay sends it
        assertThat(put("/api/v1/templates/drill_chat", """
                {"category":"transactional","whatsapp":{"text":"Drill at the depot",
                 "provider_template":{"id":"HXdrill","language":"en_US","variables":["recipient.name"]}}}""")
                .statusCode()).isEqualTo(200);
        assertThat(post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay", "application/json", "",
                "Authorization", OPS).statusCode()).isEqualTo(200);
        awaitStatus(id, "sent");
        assertThat(Forms.parse(twilioRequests().get(0).getBodyAsString()).get("ContentSid")).isEqualTo("HXdrill");
    }

    /** Waits for the table with one rule added, sending {@code template}, to be put in force, not refused. */
    private void assertTheAddedRuleIsInForce(String template) {
        JsonNode routing = await().atMost(Duration.ofSeconds(20)).until(() -> json(get("/actuator/health/routing",
                "Authorization", OPS).body()),
                health -> health.path("details").path("rules").asInt() == tableSize() + 1
                        || health.path("details").path("refusedEdit").asText().contains(template));
        assertThat(routing.path("details").path("refusedEdit").asText()).doesNotContain(template);
        assertThat(routing.path("details").path("rules").asInt()).isEqualTo(tableSize() + 1);
    }

    /** Makes a template as an admin does (kept when an earlier test made it). */
    private void template(String json) {
        assertThat(post("/api/v1/templates", "application/json", json, "Authorization", ADMIN).statusCode())
                .isIn(201, 409);
    }

    private HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", ADMIN)
                .DELETE()
                .build());
    }

    private HttpResponse<String> put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", ADMIN)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private JsonNode onlyNotificationOf(String eventId) {
        JsonNode items = json(get("/api/v1/notifications?event_id=" + eventId, "Authorization", "Bearer " + OPS_KEY)
                .body()).get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private JsonNode letterAbout(String notificationId) {
        for (JsonNode item : json(get("/ops/api/dead-letters?reason=template_error&size=200", "Authorization", OPS)
                .body()).get("items")) {
            if (item.path("body").asText().contains(notificationId)) {
                return item;
            }
        }
        return null;
    }

    private static int tableSize() {
        try {
            return (int) Files.readAllLines(Path.of("config/routing.yml")).stream()
                    .filter(line -> line.startsWith("  - id: ")).count() + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
