package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/** The default routing table turns events into exactly the work messages API.md §2 names, once. */
// notify and lead consumers stay off: these tests read the router's output where it waits, on its queues
@TestPropertySource(properties = {"hub.notify.auto-startup=false", "hub.leads.auto-startup=false"})
class RouterTest extends HubIntegrationTest {

    private static final String SPY = "test.spy.events";

    @BeforeEach
    void cleanQueues() {
        purgeAll();
        rabbitAdmin.declareQueue(new Queue(SPY, false, false, false));
        rabbitAdmin.declareBinding(new Binding(SPY, Binding.DestinationType.QUEUE, WorkQueues.EVENTS_EXCHANGE, "#",
                null));
        rabbitAdmin.purgeQueue(SPY, false);
    }

    @Test
    void charterConfirmedYieldsExactlyTheWorkItsRuleNames() {
        String id = accept("charter.confirmed", clientData());

        Map<Object, List<Message>> work = messages(WorkQueues.NOTIFY, id, 4).stream()
                .collect(Collectors.groupingBy(m -> m.getMessageProperties().getHeaders().get(HubHeaders.ACTION)));
        List<JsonNode> notify = work.get("notify").stream().map(m -> json(text(m))).toList();
        List<Message> vendor = messages(WorkQueues.OUTBOUND_VENDOR, id, 1);
        // confirmed again, a charter's waiting reminder gives way to the one this event schedules (if it has a date)
        assertThat(work.get("cancel")).extracting(m -> m.getMessageProperties().getHeaders().get(HubHeaders.RULE))
                .containsExactlyInAnyOrder("charter-confirmed", "charter-rescheduled");

        assertThat(notify).extracting(n -> n.get("template").asText()).containsOnly("charter_confirmed");
        assertThat(notify).extracting(n -> n.get("channels").toString())
                .containsExactlyInAnyOrder("[\"whatsapp\",\"sms\"]", "[\"email\"]");
        assertThat(notify).allSatisfy(n -> {
            assertThat(n.at("/recipient/email").asText()).isEqualTo("ana@example.com");
            assertThat(n.get("recipient_role").asText()).isEqualTo("client");
            assertThat(n.get("category").asText()).isEqualTo("transactional");
            assertThat(n.get("priority").asText()).isEqualTo("normal");
            assertThat(n.at("/event/id").asText()).isEqualTo(id);
            assertThat(n.at("/data/charter_id").asInt()).isEqualTo(186);
        });
        Message push = vendor.get(0);
        assertThat(push.getMessageProperties().getHeaders()).containsEntry(HubHeaders.DESTINATION, "vendor")
                .containsEntry(HubHeaders.RULE, "charter-confirmed")
                .containsEntry(HubHeaders.EVENT_TYPE, "charter.confirmed");
        assertThat(push.getMessageProperties().getContentType()).isEqualTo("application/cloudevents+json");
        assertThat(json(text(push)).get("id").asText()).isEqualTo(id);
        assertThat(json(text(push)).get("data").get("charter_id").asInt()).isEqualTo(186);
        assertThat(depth(WorkQueues.OUTBOUND_CHARTER) + depth(WorkQueues.OUTBOUND_CHANGE) + depth(WorkQueues.LEADS))
                .isZero();
        assertThat(eventRow("charter-service", id)).containsEntry("status", "routed").containsEntry("actions", 5);
    }

    @Test
    void changeCaseApprovedHitsTheWildcardRuleAndTellsTheVendorOnlyWhenAffected() {
        String affected = accept("change.case.approved",
                "{\"case_number\":\"CHG-9\",\"affects_vendor\":true," + clientData().substring(1));
        String unaffected = accept("change.case.approved",
                "{\"case_number\":\"CHG-10\",\"affects_vendor\":false," + clientData().substring(1));

        Map<String, List<Message>> notify = byEvent(WorkQueues.NOTIFY, 3);
        List<JsonNode> both = notify.get(affected).stream().map(m -> json(text(m))).toList();
        List<JsonNode> clientOnly = notify.get(unaffected).stream().map(m -> json(text(m))).toList();

        assertThat(both).extracting(n -> n.get("template").asText()).containsOnly("change_case_approved");
        assertThat(both).extracting(n -> n.get("recipient_role").asText()).containsExactlyInAnyOrder("client",
                "vendor");
        assertThat(clientOnly).hasSize(1);
        assertThat(clientOnly.get(0).get("recipient_role").asText()).isEqualTo("client");
        Map<String, List<Message>> change = byEvent(WorkQueues.OUTBOUND_CHANGE, 2);
        assertThat(change.get(affected)).hasSize(1);
        assertThat(change.get(unaffected)).hasSize(1);
        assertThat(eventRow("charter-service", affected).get("reason").toString()).contains("change-case");
    }

    @Test
    void leadCreatedGoesToLeadIntakeAndRecoveryEscalationIsCritical() {
        String lead = accept("lead.created",
                "{\"first_name\":\"Ana\",\"source\":\"web\",\"email\":\"ana@example.com\"}");
        String escalation = accept("dispatch.recovery.escalated",
                "{\"recovery_id\":\"R-7\",\"manager\":{\"name\":\"Max\",\"phone\":\"+15555550100\",\"email\":\"max@coachway.example\"}}");

        assertThat(messages(WorkQueues.LEADS, lead, 1)).hasSize(1);
        // critical notifications take the urgent lane
        List<Message> critical = messages(WorkQueues.NOTIFY_URGENT, escalation, 2);
        assertThat(critical).allSatisfy(m -> assertThat(m.getMessageProperties().getHeaders())
                .containsEntry(HubHeaders.PRIORITY, "critical"));
        assertThat(messages(WorkQueues.OUTBOUND_CHARTER, escalation, 1)).hasSize(1);
    }

    @Test
    void marketingCampaignFansOutToEveryRecipientWithTheNamedTemplate() {
        String id = accept("marketing.campaign", """
                {"template":"seasonal_offer","recipients":[{"name":"A","email":"a@example.com"},
                 {"name":"B","email":"b@example.com"},{"name":"C","email":"c@example.com"}],
                 "offer":{"percent":15,"season":"summer","ends":"2027-05-31","url":"https://coachway.example/s"}}""");

        List<JsonNode> notify = bodies(WorkQueues.NOTIFY, id, 3);

        assertThat(notify).extracting(n -> n.get("template").asText()).containsOnly("seasonal_offer");
        assertThat(notify).extracting(n -> n.get("category").asText()).containsOnly("marketing");
        assertThat(notify).extracting(n -> n.at("/recipient/email").asText())
                .containsExactlyInAnyOrder("a@example.com", "b@example.com", "c@example.com");
    }

    @Test
    void unknownTypeIsRecordedUnroutedAndAcknowledged() {
        String id = accept("weather.changed", "{}");

        await().atMost(Duration.ofSeconds(10)).until(() -> "unrouted".equals(eventStatus("charter-service", id)));
        assertThat(eventRow("charter-service", id)).containsEntry("actions", 0);
        assertThat(depth(WorkQueues.ROUTER)).isZero();
        assertThat(depth(WorkQueues.parked(WorkQueues.ROUTER))).isZero();
        assertThat(depth(WorkQueues.UNROUTED)).isZero();
    }

    @Test
    void redeliveredEventIsNotRoutedTwice() {
        String id = accept("trip.reminder", clientData());
        messages(WorkQueues.NOTIFY, id, 1);
        Message original = messages(SPY, id, 1).get(0);

        // the broker hands the same event to the router again (a redelivery after a lost ack)
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "trip.reminder", original);

        await().atMost(Duration.ofSeconds(10)).until(() -> depth(WorkQueues.ROUTER) == 0);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> depth(WorkQueues.NOTIFY) == 0);
    }

    @Test
    void noInboundCredentialEverReachesAnAmqpMessage() {
        String id = "evt-" + UUID.randomUUID();
        assertThat(post("/api/v1/events", "application/cloudevents+json",
                event(id, "dispatch.recovery.escalated",
                        "{\"recovery_id\":\"R-8\",\"manager\":{\"name\":\"Max\",\"email\":\"max@coachway.example\"}}"),
                "Authorization", "Bearer " + CHARTER_KEY, "X-Api-Key", CHARTER_KEY, "Cookie", "session=secret")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", id)));

        List<Message> everything = new ArrayList<>();
        everything.addAll(messages(SPY, id, 1));
        everything.addAll(messages(WorkQueues.NOTIFY_URGENT, id, 2));
        everything.addAll(messages(WorkQueues.OUTBOUND_CHARTER, id, 1));
        assertThat(everything).hasSize(4).allSatisfy(m -> {
            assertThat(m.getMessageProperties().getHeaders().keySet())
                    .noneMatch(h -> h.equalsIgnoreCase("Authorization") || h.equalsIgnoreCase("X-Api-Key")
                            || h.equalsIgnoreCase("Cookie") || h.equalsIgnoreCase("api_key"));
            assertThat(m.getMessageProperties().getHeaders().toString()).doesNotContain(CHARTER_KEY)
                    .doesNotContain("secret");
            assertThat(text(m)).doesNotContain(CHARTER_KEY);
        });
    }

    private String accept(String type, String data) {
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, type, data)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String status = eventStatus("charter-service", id);
            return "routed".equals(status) || "unrouted".equals(status);
        });
        return id;
    }

    /** Waits for {@code count} messages about one event in a queue and takes them. */
    private List<Message> messages(String queue, String eventId, int count) {
        List<Message> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (Message m : drain(queue)) {
                if (eventId.equals(m.getMessageProperties().getCorrelationId())) {
                    found.add(m);
                }
            }
            return found.size() >= count;
        });
        assertThat(found).hasSize(count);
        return found;
    }

    /** Waits for {@code total} messages in a queue and takes them, grouped by the event they are about. */
    private Map<String, List<Message>> byEvent(String queue, int total) {
        List<Message> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.addAll(drain(queue));
            return found.size() >= total;
        });
        assertThat(found).hasSize(total);
        return found.stream().collect(Collectors.groupingBy(m -> m.getMessageProperties().getCorrelationId()));
    }

    private List<JsonNode> bodies(String queue, String eventId, int count) {
        return messages(queue, eventId, count).stream().map(m -> json(text(m))).toList();
    }

    private static String text(Message message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }
}
