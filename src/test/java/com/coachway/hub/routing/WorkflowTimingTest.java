package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.consent.Masking;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.mail.internet.MimeMessage;

/**
 * Timed sends from the routing table (API.md §2b): {@code delay} waits and then sends once; {@code at} is computed
 * from the data in the recipient's zone; {@code cancel_on} calls a pending send off when the same source says so
 * about the same subject (or {@code cancel_key} value), and nothing reaches the provider.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkflowTimingTest extends DeliveryIntegrationTest {

    // quiet from an hour ago until an hour from now, UTC: whatever the time of the run, now is quiet
    static final LocalTime QUIET_FROM = LocalTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.MINUTES);
    static final LocalTime QUIET_TO = LocalTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MINUTES);
    // and quiet hours that begin two hours from now: not quiet when the test routes its event
    static final LocalTime LATER_FROM = LocalTime.now(ZoneOffset.UTC).plusHours(2).truncatedTo(ChronoUnit.MINUTES);
    static final LocalTime LATER_TO = LocalTime.now(ZoneOffset.UTC).plusHours(3).truncatedTo(ChronoUnit.MINUTES);
    static final String RULES = """

              - id: drill-later
                match: "ops.later.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms], delay: PT3S,
                             cancel_on: [ops.drill.off]}
              - id: drill-soon
                match: "ops.soon.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms], priority: high, delay: PT4S,
                             cancel_on: [ops.drill.off]}
              - id: drill-at
                match: "ops.at.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms],
                             at: {field: drill.date, offset: -P1D, time: "09:00"}, skip_if_past: true,
                             cancel_on: [ops.drill.off], cancel_key: drill.id}
              - id: drill-quiet
                match: "ops.quiet.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms], category: reminders,
                             quiet_hours: {from: "%1$s", to: "%2$s"}}
                  - notify: {template: drill_notice, to: driver, channels: [sms],
                             quiet_hours: {from: "%1$s", to: "%2$s"}}
              - id: drill-backlog
                match: "ops.backlog.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [whatsapp, sms], category: reminders,
                             quiet_hours: {from: "%3$s", to: "%4$s"}}
              - id: drill-count
                match: "ops.count.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms],
                             threshold: {key: data.client.phone, count: 3, within: PT1H}}
              - id: drill-recount
                match: "ops.recount.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms],
                             threshold: {key: client.phone, count: 2, within: PT3S}}
              - id: drill-digest
                match: "ops.digest.*"
                actions:
                  - notify: {template: drill_digest, to: client, channels: [sms], digest: {key: recipient, window: PT3S}}
              - id: drill-gather
                match: "ops.gather.*"
                actions:
                  - notify: {template: drill_digest, to: client, channels: [sms], digest: {key: recipient, window: PT10M}}
            """
            .formatted(QUIET_FROM, QUIET_TO, LATER_FROM, LATER_TO);
    // patterns, not exact types: the start-up template check skips them, and the test makes drill_notice itself
    static final Path ROUTING = shippedRulesAnd(RULES);

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void routing(DynamicPropertyRegistry registry) {
        registry.add("hub.routing.file", ROUTING::toString);
    }

    @BeforeEach
    void drillTemplate() {
        twilioAccepts();
        smsTemplate("drill_notice", "Drill {{ drill.name | default('practice') }} today");
    }

    @Test
    void aDelayedSendWaitsThenSendsOnce() {
        String phone = uniquePhone();
        String subject = "charter/" + UUID.randomUUID();
        Instant posted = Instant.now();
        String id = notificationOf(drill("ops.later.fire", subject, phone, "{}"));

        JsonNode waiting = notification(id);
        assertThat(waiting.get("status").asText()).isEqualTo("queued");
        assertThat(Instant.parse(waiting.get("send_at").asText())).isBetween(posted.plusSeconds(2),
                posted.plusSeconds(5));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(phone) == 0);

        JsonNode sent = awaitStatus(id, "sent");
        assertThat(sentTo(phone)).isEqualTo(1);
        assertThat(Instant.parse(sent.get("events").get(sent.get("events").size() - 1).get("at").asText()))
                .isAfter(posted.plusSeconds(3));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(phone) == 1);

        // ops asking whether the timed send went out find it among the sent ones, with the time it waited for
        assertThat(notification(id).get("send_at").asText()).isEqualTo(waiting.get("send_at").asText());
        String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
        JsonNode listed = json(get("/api/v1/scheduled?status=sent&subject=" + subject, "Authorization", ops).body());
        assertThat(listed.get("items").findValuesAsText("id")).containsExactly(id);
        assertThat(listed.get("items").get(0).get("send_at").asText()).isEqualTo(waiting.get("send_at").asText());
        assertThat(json(get("/api/v1/scheduled?subject=" + subject, "Authorization", ops).body()).get("items"))
                .isEmpty();
    }

    @Test
    void aDelayCountsFromWhenTheEventHappened() {
        String late = uniquePhone();
        String ahead = uniquePhone();
        Instant posted = Instant.now();
        // the sender held the event back for a minute: its three seconds are long over, so it goes at once
        String lateId = notificationOf(drill("ops.later.fire", "charter/" + UUID.randomUUID(), late, "{}", null,
                posted.minus(Duration.ofMinutes(1))));
        // a sender's clock an hour ahead must not put the send off by an hour
        String aheadId = notificationOf(drill("ops.later.fire", "charter/" + UUID.randomUUID(), ahead, "{}", null,
                posted.plus(Duration.ofHours(1))));

        JsonNode sent = awaitStatus(lateId, "sent");
        assertThat(accepted(sent)).doesNotContain("send at");
        assertThat(sentTo(late)).isEqualTo(1);
        String waited = accepted(awaitStatus(aheadId, "sent"));
        assertThat(Instant.parse(waited.substring(waited.indexOf("send at ") + 8))).isBetween(posted.plusSeconds(2),
                posted.plusSeconds(5));
    }

    /** What the timeline said when the notification was made, with its send time if it was to wait. */
    private static String accepted(JsonNode notification) {
        return notification.get("events").get(0).get("detail").asText();
    }

    @Test
    void aCancellingEventFromTheSameSourceAboutTheSameSubjectCallsThePendingSendOff() {
        String subject = "charter/" + UUID.randomUUID();
        String phone = uniquePhone();
        String other = uniquePhone();
        String id = notificationOf(drill("ops.later.fire", subject, phone, "{}"));
        String untouched = notificationOf(drill("ops.later.fire", "charter/" + UUID.randomUUID(), other, "{}"));

        String cancelling = drill("ops.drill.off", subject, uniquePhone(), "{}");

        JsonNode cancelled = awaitStatus(id, "cancelled");
        assertThat(cancelled.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.startsWith("cancelled by ops.drill.off " + cancelling + " from charter-service"));
        // ops tracing the event see what it did although no rule matches it
        JsonNode traced = json(get("/api/v1/events?id=" + cancelling, "Authorization", "Bearer " + OPS_KEY).body())
                .get("items").get(0);
        assertThat(traced.get("status").asText()).isEqualTo("unrouted");
        assertThat(traced.get("reason").asText())
                .isEqualTo("no rule matches; calls off any waiting sends of drill-later, drill-soon");
        awaitStatus(untouched, "sent");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> sentTo(phone) == 0 && "cancelled".equals(notification(id).get("status").asText()));
    }

    /*
     * A send and the event that calls it off come first in the order the hub received them, whichever of their work
     * messages is handled first. The send here goes on the urgent lane and call-offs on the normal one, so stopping
     * one lane's consumer puts the two in either order.
     */

    @Test
    void aCallOffHeardBeforeTheSendIsMadeStillCancelsIt() throws Exception {
        String subject = "charter/" + UUID.randomUUID();
        String phone = uniquePhone();
        String scheduling;
        String cancelling;
        camel.getRouteController().stopRoute("notify.urgent");
        try {
            scheduling = drill("ops.soon.fire", subject, phone, "{}");
            routed(scheduling);
            cancelling = drill("ops.drill.off", subject, uniquePhone(), "{}");
            awaitCallOff(cancelling);
            assertThat(notificationsOf(scheduling)).as("its notify message still waits").isEmpty();
        } finally {
            camel.getRouteController().startRoute("notify.urgent");
        }

        JsonNode cancelled = awaitStatus(notificationOf(scheduling), "cancelled");
        assertThat(cancelled.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.startsWith("cancelled by ops.drill.off " + cancelling + " from charter-service"));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> sentTo(phone) == 0);
    }

    @Test
    void aCallOffHandledLateLeavesTheSendOfAnEventReceivedAfterIt() throws Exception {
        String subject = "charter/" + UUID.randomUUID();
        String phone = uniquePhone();
        String cancelling;
        String send;
        camel.getRouteController().stopRoute("notify");
        try {
            cancelling = drill("ops.drill.off", subject, uniquePhone(), "{}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "unrouted".equals(eventStatus("charter-service", cancelling)));
            send = notificationOf(drill("ops.soon.fire", subject, phone, "{}"));
        } finally {
            camel.getRouteController().startRoute("notify");
        }

        awaitCallOff(cancelling);
        assertThat(notification(send).get("status").asText()).as("called off by an earlier event").isEqualTo("queued");
        awaitStatus(send, "sent");
        assertThat(sentTo(phone)).isOne();
    }

    /** Waits until the notify step has handled the call-off of the drill rule {@code eventId} made. */
    private void awaitCallOff(String eventId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM workflow_cancels WHERE rule = 'drill-soon' AND event_id = ?").param(eventId)
                .query(Integer.class).single() == 1);
    }

    @Test
    void aRenamedRuleStillCallsOffTheSendsMadeUnderItsFormerIdAndARemovedOneIsSaid(CapturedOutput output)
            throws java.io.IOException {
        String date = ZonedDateTime.now(ZoneId.of("America/New_York")).plusDays(10).toLocalDate().toString();
        String drillId = "D-" + UUID.randomUUID();
        String phone = uniquePhone();
        String id = notificationOf(drill("ops.at.fire", "charter/" + UUID.randomUUID(), phone,
                "{\"date\":\"" + date + "\",\"id\":\"" + drillId + "\"}"));
        String shipped = java.nio.file.Files.readString(ROUTING);
        try {
            // renamed, and nothing says what it was: allowed, and said, with the way out
            reloadWith(shipped.replace("  - id: drill-at\n", "  - id: drill-at-v2\n"));
            await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("no rule 'drill-at' is in"
                    + " the table, yet 1 send it scheduled wait"));
            assertThat(output.getOut()).contains("a call-off by ops.drill.off that no rule makes now",
                    "add 'formerly: drill-at' to it");

            reloadWith(shipped.replace("  - id: drill-at\n", "  - id: drill-at-v2\n    formerly: drill-at\n"));
            drill("ops.drill.off", "charter/" + UUID.randomUUID(), uniquePhone(), "{\"id\":\"" + drillId + "\"}");
            awaitStatus(id, "cancelled");
            assertThat(sentTo(phone)).isZero();
        } finally {
            reloadWith(shipped);
        }
    }

    @Test
    void aSendCancelledByMistakeAndResentIsStillCalledOffByItsRulesEvents() {
        String date = ZonedDateTime.now(ZoneId.of("America/New_York")).plusDays(10).toLocalDate().toString();
        String drillId = "D-" + UUID.randomUUID();
        String phone = uniquePhone();
        String id = notificationOf(drill("ops.at.fire", "charter/" + UUID.randomUUID(), phone,
                "{\"date\":\"" + date + "\",\"id\":\"" + drillId + "\"}"));
        String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
        assertThat(post("/api/v1/scheduled/" + id + "/cancel", "application/json", "", "Authorization", ops)
                .statusCode()).isEqualTo(200);
        String copy = json(post("/api/v1/notifications/" + id + "/resend", "application/json", "", "Authorization",
                ops).body()).get("id").asText();
        assertThat(notification(copy).get("status").asText()).isEqualTo("queued");

        // the drill is then called off for real: the copy goes as the first would have
        drill("ops.drill.off", "charter/" + UUID.randomUUID(), uniquePhone(), "{\"id\":\"" + drillId + "\"}");
        JsonNode cancelled = awaitStatus(copy, "cancelled");
        assertThat(cancelled.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith(
                "cancelled by ops.drill.off"));
        assertThat(sentTo(phone)).isZero();
    }

    /** Puts {@code table} in force and waits until the hub has read it. */
    private void reloadWith(String table) {
        String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
        String before = json(get("/actuator/health/routing", "Authorization", ops).body()).at("/details/loadedAt")
                .asText();
        replaceFile(ROUTING, table);
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get("/actuator/health/routing", "Authorization", ops)
                .body()).at("/details/loadedAt").asText(), loaded -> !loaded.equals(before));
    }

    @Test
    void anAtSendIsComputedInTheRecipientsZoneAndCancelledByItsKey() {
        String phone = uniquePhone();
        String date = ZonedDateTime.now(ZoneId.of("Europe/Madrid")).plusDays(10).toLocalDate().toString();
        String subject = "charter/" + UUID.randomUUID();
        String id = notificationOf(drill("ops.at.fire", subject, phone,
                "{\"date\":\"" + date + "\",\"id\":\"D-7\"}", "Europe/Madrid"));

        JsonNode waiting = notification(id);
        Instant expected = java.time.LocalDate.parse(date).minusDays(1).atTime(9, 0)
                .atZone(ZoneId.of("Europe/Madrid")).toInstant();
        assertThat(Instant.parse(waiting.get("send_at").asText())).isEqualTo(expected);

        // the scheduled list says why it waits; it is found by its event's subject
        String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
        JsonNode listed = json(get("/api/v1/scheduled?subject=" + subject, "Authorization", ops).body());
        assertThat(listed.get("items").findValuesAsText("id")).containsExactly(id);
        assertThat(listed.get("items").get(0).get("why").asText()).startsWith("rule drill-at on ops.at.fire evt-");
        assertThat(listed.get("items").get(0).at("/to/phone").asText()).isEqualTo(phone);
        assertThat(get("/api/v1/scheduled?status=someday", "Authorization", ops).statusCode()).isEqualTo(400);

        // another subject, but the same drill id: the cancel_key is what they share
        drill("ops.drill.off", "charter/" + UUID.randomUUID(), uniquePhone(), "{\"id\":\"D-7\"}");
        awaitStatus(id, "cancelled");
        assertThat(sentTo(phone)).isZero();
        assertThat(json(get("/api/v1/scheduled?subject=" + subject, "Authorization", ops).body()).get("items"))
                .isEmpty();
        assertThat(json(get("/api/v1/scheduled?status=cancelled&subject=" + subject, "Authorization", ops).body())
                .get("items").findValuesAsText("id")).containsExactly(id);
    }

    @Test
    void theScheduledListSaysWhenAWaitingSendsRecipientHasOptedOutSince() {
        String phone = uniquePhone();
        String date = LocalDate.now(ZoneOffset.UTC).plusDays(10).toString();
        String subject = "charter/" + UUID.randomUUID();
        String id = notificationOf(drill("ops.at.fire", subject, phone, "{\"date\":\"" + date + "\",\"id\":\""
                + UUID.randomUUID() + "\"}"));
        String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
        Supplier<JsonNode> listed = () -> json(get("/api/v1/scheduled?subject=" + subject, "Authorization", ops)
                .body()).get("items").get(0);
        assertThat(listed.get().has("outlook")).isFalse();

        // the client asks a person to stop the texts after the reminder was made: it would be blocked at its time,
        // and ops answering the client can say so
        HttpResponse<String> out = post("/api/v1/consent/sms/opt-out", "application/json",
                "{\"address\":\"" + phone + "\",\"reason\":\"asked on the phone\"}", "Authorization", ops);
        assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
        assertThat(listed.get().get("id").asText()).isEqualTo(id);
        assertThat(listed.get().get("outlook").asText()).isEqualTo("blocked if nothing changes before its time: sms: "
                + Masking.address(phone) + " is opted_out (api)");

        HttpResponse<String> in = post("/api/v1/consent/sms/opt-in", "application/json",
                "{\"address\":\"" + phone + "\"}", "Authorization", ops);
        assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
        assertThat(listed.get().has("outlook")).isFalse();
    }

    @Test
    void opsCancelAPendingSendFromTheScheduledListSayingWhy() {
        String phone = uniquePhone();
        String id = notificationOf(drill("ops.later.fire", "charter/" + UUID.randomUUID(), phone, "{}"));
        String analyst = "Basic " + Base64.getEncoder().encodeToString("analyst:analyst-password".getBytes());
        String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());

        assertThat(post("/api/v1/scheduled/" + id + "/cancel", "application/json", "", "Authorization", analyst)
                .statusCode()).isEqualTo(403);
        // a reason must be what ops mean to say: another key is refused, not dropped, and nothing is cancelled
        HttpResponse<String> misspelt = post("/api/v1/scheduled/" + id + "/cancel", "application/json",
                "{\"reason\":\"x\",\"reasn\":\"the client called\"}", "Authorization", ops);
        assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(400);
        assertThat(json(misspelt.body()).get("errors").findValuesAsText("field")).containsExactly("reasn");
        assertThat(post("/api/v1/scheduled/" + id + "/cancel", "application/json",
                "{\"reason\":\"" + "x".repeat(501) + "\"}", "Authorization", ops).statusCode()).isEqualTo(400);
        assertThat(notification(id).get("status").asText()).isEqualTo("queued");
        assertThat(post("/api/v1/scheduled/" + id + "/cancel", "application/json",
                "{\"reason\":\" the client called: no reminders for this trip \"}", "Authorization", ops)
                .statusCode()).isEqualTo(200);

        // who and why, where ops read what became of the send
        JsonNode cancelled = notification(id);
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("events").findValuesAsText("detail"))
                .contains("cancelled by ops before its send time: the client called: no reminders for this trip");
        assertThat(post("/api/v1/scheduled/" + id + "/cancel", "application/json", "", "Authorization", ops)
                .statusCode()).isEqualTo(409);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> sentTo(phone) == 0);
    }

    @Test
    void quietHoursHoldAReminderUntilTheyEndAndNeverATransactionalMessage() {
        String client = uniquePhone();
        String driver = uniquePhone();
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(
                """
                        {"specversion":"1.0","id":"%s","source":"charter-service","type":"ops.quiet.fire","subject":"c/1",
                         "data":{"client":{"name":"Ana","phone":"%s","timezone":"UTC"},"driver":{"name":"Dave","phone":"%s"}}}"""
                        .formatted(id, client, driver))
                .statusCode()).isEqualTo(202);

        List<JsonNode> both = await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(id),
                n -> n.size() == 2);
        JsonNode reminder = both.stream().filter(n -> "reminders".equals(n.get("category").asText())).findFirst()
                .orElseThrow();
        Instant end = ZonedDateTime.now(ZoneOffset.UTC).with(QUIET_TO).toInstant();
        Instant expected = end.isAfter(Instant.now()) ? end : end.plus(Duration.ofDays(1));
        assertThat(Instant.parse(reminder.get("send_at").asText())).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(driver) == 1);
        assertThat(sentTo(client)).isZero();
    }

    @Test
    void aReminderThatReachesItsQuietHoursInABacklogWaitsAtDeliveryThenGoesOnWhereItWas() throws Exception {
        String phone = uniquePhone();
        String id;
        camel.getRouteController().stopRoute("deliver.sms");
        try {
            // routed outside its quiet hours (WhatsApp skipped: drill_notice has no WhatsApp text), then held up in
            // the SMS queue until they have begun
            id = notificationOf(drill("ops.backlog.fire", "c/" + UUID.randomUUID(), phone, "{}", "UTC"));
            await().atMost(Duration.ofSeconds(10)).until(() -> "sms".equals(notification(id).path("channel")
                    .asText()));
            assertThat(notification(id).hasNonNull("send_at")).isFalse();
            jdbc.sql("UPDATE notifications SET quiet_from = :from, quiet_to = :to WHERE id = :id")
                    .param("from", QUIET_FROM).param("to", QUIET_TO).param("id", id).update();
        } finally {
            camel.getRouteController().startRoute("deliver.sms");
        }

        JsonNode held = await().atMost(Duration.ofSeconds(10)).until(() -> notification(id),
                n -> n.get("events").findValuesAsText("detail").stream().anyMatch(d -> d.contains("quiet hours")));
        Instant end = ZonedDateTime.now(ZoneOffset.UTC).with(QUIET_TO).toInstant();
        assertThat(held.get("status").asText()).isEqualTo("queued");
        assertThat(Instant.parse(held.get("send_at").asText()))
                .isEqualTo(end.isAfter(Instant.now()) ? end : end.plus(Duration.ofDays(1)));
        assertThat(held.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.equals("sms: quiet hours (" + QUIET_FROM + " to " + QUIET_TO + ", UTC); waits until "
                        + QUIET_TO + " there (" + held.get("send_at").asText() + ")"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(phone) == 0);
        assertThat(meters.counter("hub.delivery.quiet_waits", "channel", "sms").count()).isOne();

        // the quiet hours end: the due-sends job hands it back, and it goes on on SMS, not from the first channel
        jdbc.sql("""
                UPDATE notifications SET quiet_from = :from, quiet_to = :to, send_at = now() WHERE id = :id""")
                .param("from", LATER_FROM).param("to", LATER_TO).param("id", id).update();
        JsonNode sent = awaitStatus(id, "sent");
        assertThat(sentTo(phone)).isOne();
        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        assertThat(sent.get("events").findValuesAsText("detail")).filteredOn(d -> d.startsWith("skipped whatsapp"))
                .hasSize(1);
    }

    @Test
    void aThresholdFiresOnceAtTheCountAndNotAgainWhileTheCountStaysReached() {
        String often = uniquePhone();
        String twice = uniquePhone();
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(drill("ops.count.fire", "c/" + i, often, "{}"));
        }
        String first = drill("ops.count.fire", "c/a", twice, "{}");
        String last = drill("ops.count.fire", "c/b", twice, "{}");

        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", last))
                && events.stream().allMatch(e -> "routed".equals(eventStatus("charter-service", e))));
        // the third routed is the one that notifies (routing order, which two consumers may swap); the fourth and
        // fifth find the count still reached
        await().atMost(Duration.ofSeconds(10))
                .until(() -> events.stream().mapToInt(e -> notificationsOf(e).size()).sum() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(often) == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> sentTo(often) == 1 && sentTo(twice) == 0);
        assertThat(List.of(reasonOf(first), reasonOf(last))).containsExactlyInAnyOrder(
                "rules: drill-count; no drill_notice to client: 1 of 3 within 1 hour",
                "rules: drill-count; no drill_notice to client: 2 of 3 within 1 hour");
        // the events after the one that told say why they tell nobody
        assertThat(events.stream().map(this::reasonOf)).filteredOn(r -> r.contains(": 5 within"))
                .containsExactly("rules: drill-count; no drill_notice to client: 5 within 1 hour: told at 3, and told"
                        + " again only once the count falls below 3 and reaches it anew");
        // an event without the key counts for nobody, and says so
        String keyless = drill("ops.count.fire", "c/x", "", "{}");
        routed(keyless);
        assertThat(reasonOf(keyless)).isEqualTo("rules: drill-count; no drill_notice to client: it has none of"
                + " client.phone to count by");
    }

    @Test
    void aThresholdFiresAgainOnceItsCountHasFallenBelowAndIsReachedAnew() {
        String phone = uniquePhone();
        // the same phone written another way counts as the same key
        String written = "+1 (555) " + phone.substring(5, 8) + "-" + phone.substring(8);
        for (String subject : List.of("c/1", "c/2", "c/3")) {
            routed(drill("ops.recount.fire", subject, "c/2".equals(subject) ? written : phone, "{}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(phone) == 1);

        // the window slides past all three: the count falls to nothing, then two more reach it anew
        await().pollDelay(Duration.ofMillis(3200)).atMost(Duration.ofSeconds(5)).until(() -> true);
        routed(drill("ops.recount.fire", "c/4", phone, "{}"));
        assertThat(sentTo(phone)).isEqualTo(1);
        routed(drill("ops.recount.fire", "c/5", phone, "{}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(phone) == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(phone) == 2);
    }

    @Test
    void aThresholdCountsEventsByWhenTheyHappenedNotWhenTheyArrived() {
        String phone = uniquePhone();
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        // two events held back for two hours (an outage upstream) arrive with a new one: they happened before the
        // hour of the window, so the three do not make the count of three
        List<String> early = List.of(drill("ops.count.fire", "c/1", phone, "{}", null, twoHoursAgo),
                drill("ops.count.fire", "c/2", phone, "{}", null, twoHoursAgo.plusSeconds(60)));
        early.forEach(this::routed);
        String third = drill("ops.count.fire", "c/3", phone, "{}");
        routed(third);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(phone) == 0);
        assertThat(notificationsOf(third)).isEmpty();
        // each says where the count stands
        assertThat(reasonOf(early.get(1)))
                .isEqualTo("rules: drill-count; no drill_notice to client: it happened more than 1 hour ago: too long"
                        + " ago to count");
        assertThat(reasonOf(third)).isEqualTo("rules: drill-count; no drill_notice to client: 1 of 3 within 1 hour");

        // two more within the hour do
        routed(drill("ops.count.fire", "c/4", phone, "{}", null, Instant.now().minus(Duration.ofMinutes(30))));
        assertThat(sentTo(phone)).isZero();
        String fifth = drill("ops.count.fire", "c/5", phone, "{}");
        routed(fifth);
        await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(phone) == 1);
        assertThat(notificationsOf(fifth)).hasSize(1);
    }

    private void routed(String eventId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", eventId)));
    }

    @Test
    void eventsInADigestsWindowMakeOneMessageListingThemAll() {
        smsTemplate("drill_digest", "{{ count }} drills:{% for e in events %} {{ e.data.drill.name }}{% endfor %}");
        String phone = uniquePhone();
        String alone = uniquePhone();
        List<String> events = new java.util.ArrayList<>();
        for (String name : List.of("fire", "flood", "evacuation")) {
            events.add(drill("ops.digest.fire", "c/" + name, phone, "{\"name\":\"" + name + "\"}"));
        }
        drill("ops.digest.fire", "c/other", alone, "{\"name\":\"solo\"}");
        events.forEach(this::routed);

        await().atMost(Duration.ofSeconds(15)).until(() -> sentTo(phone) == 1 && sentTo(alone) == 1);
        String text = twilioRequests().stream().map(r -> com.coachway.hub.support.Forms.parse(r.getBodyAsString()))
                .filter(form -> phone.equals(form.get("To"))).findFirst().orElseThrow().get("Body");
        assertThat(text).startsWith("3 drills:").contains("fire", "flood", "evacuation");
        // traced from any of its events, not only the first
        String digest = notificationOf(events.get(0));
        assertThat(notificationOf(events.get(2))).isEqualTo(digest);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(phone) == 1);
        // one for nobody to gather it for says so
        String nobody = drill("ops.digest.fire", "c/nobody", "", "{\"name\":\"lost\"}");
        routed(nobody);
        assertThat(reasonOf(nobody)).isEqualTo("rules: drill-digest; no drill_digest to client: the client has no"
                + " address to gather by");
    }

    @Test
    void aRenamedRuleGoesOnWithTheCountsAndTheOpenDigestsOfItsFormerId() throws java.io.IOException {
        smsTemplate("drill_digest", "{{ count }} drills:{% for e in events %} {{ e.data.drill.name }}{% endfor %}");
        String counted = uniquePhone();
        String reached = uniquePhone();
        String gathered = uniquePhone();
        // under the old ids: two of the three events a threshold wants, a count already reached (and alerted),
        // and a digest still open
        routed(drill("ops.count.fire", "c/1", counted, "{}"));
        routed(drill("ops.count.fire", "c/2", counted, "{}"));
        for (String subject : List.of("c/3", "c/4", "c/5")) {
            routed(drill("ops.count.fire", subject, reached, "{}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(reached) == 1);
        String first = drill("ops.gather.fire", "gather/" + UUID.randomUUID(), gathered, "{\"name\":\"fire\"}");
        routed(first);
        String digest = notificationOf(first);
        String shipped = java.nio.file.Files.readString(ROUTING);
        try {
            reloadWith(shipped.replace("  - id: drill-count\n", "  - id: drill-count-v2\n    formerly: drill-count\n")
                    .replace("  - id: drill-gather\n", "  - id: drill-gather-v2\n    formerly: drill-gather\n"));

            // the third event makes the count the old id had begun; the count it had reached does not fire again
            String third = drill("ops.count.fire", "c/6", counted, "{}");
            String fourth = drill("ops.count.fire", "c/7", reached, "{}");
            routed(third);
            routed(fourth);
            await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(counted) == 1);
            assertThat(notificationsOf(third)).singleElement()
                    .satisfies(n -> assertThat(n.get("rule").asText()).isEqualTo("drill-count-v2"));
            // and the open digest gathers the renamed rule's event rather than a second digest opening beside it
            String second = drill("ops.gather.fire", "gather/" + UUID.randomUUID(), gathered, "{\"name\":\"flood\"}");
            routed(second);
            await().atMost(Duration.ofSeconds(10)).until(() -> notificationOf(second).equals(digest));
            assertThat(notification(digest).at("/events").findValuesAsText("detail"))
                    .anyMatch(d -> d.startsWith("gathered ops.gather.fire " + second));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(reached) == 1);
        } finally {
            reloadWith(shipped);
            String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
            post("/api/v1/scheduled/" + digest + "/cancel", "application/json", "", "Authorization", ops);
        }
    }

    @Test
    void aWaitingDigestSaysInTheScheduledListHowManyEventsItHasGatheredAndWhichCameFirst() {
        smsTemplate("drill_digest", "{{ count }} drills:{% for e in events %} {{ e.data.drill.name }}{% endfor %}");
        String phone = uniquePhone();
        String subject = "gather/" + UUID.randomUUID();
        String first = drill("ops.gather.fire", subject, phone, "{\"name\":\"fire\"}");
        routed(first);
        String second = drill("ops.gather.fire", "gather/" + UUID.randomUUID(), phone, "{\"name\":\"flood\"}");
        routed(second);
        String digest = notificationOf(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> notificationOf(second).equals(digest)
                && notification(digest).get("events").findValuesAsText("detail").stream()
                        .anyMatch(d -> d.startsWith("gathered ops.gather.fire " + second)));

        // not only the event that opened it: it waits with two, and says so
        String ops = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
        JsonNode waiting = json(get("/api/v1/scheduled?subject=" + subject, "Authorization", ops).body())
                .at("/items/0");
        assertThat(waiting.get("id").asText()).isEqualTo(digest);
        assertThat(waiting.get("why").asText()).isEqualTo("rule drill-gather, a digest of 2 events, the first "
                + "ops.gather.fire " + first + " from charter-service");
        assertThat(post("/api/v1/scheduled/" + digest + "/cancel", null, "", "Authorization", ops).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theDefaultRulesRemindTheDayBeforeAndAskForFeedbackLaterUnlessCalledOff() {
        String subject = "charter/" + UUID.randomUUID();
        String date = java.time.LocalDate.now(ZoneId.of("America/New_York")).plusDays(10).toString();
        String client = "{\"name\":\"Ana\",\"phone\":\"" + uniquePhone() + "\",\"email\":\"" + uniqueEmail() + "\"}";
        String confirmed = charterEvent("charter.confirmed", subject,
                "{\"charter_id\":186,\"client\":" + client + ",\"trip\":{\"date\":\"" + date + "\"}}");
        Instant tripEnded = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        String completed = charterEvent("trip.completed", subject, tripEnded,
                "{\"charter_id\":186,\"client\":" + client + "}");

        JsonNode reminder = await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(confirmed).stream()
                .filter(n -> "trip_reminder".equals(n.get("template").asText())).findFirst().orElse(null),
                n -> n != null);
        assertThat(Instant.parse(reminder.get("send_at").asText())).isEqualTo(java.time.LocalDate.parse(date)
                .minusDays(1).atTime(9, 0).atZone(ZoneId.of("America/New_York")).toInstant());
        notificationOf(completed);
        JsonNode feedback = notificationsOf(completed).get(0);
        assertThat(feedback.get("template").asText()).isEqualTo("feedback_request");
        // two hours after the trip ended, as the event's time says, not after the hub heard of it
        assertThat(Instant.parse(feedback.get("send_at").asText())).isEqualTo(tripEnded.plus(Duration.ofHours(2)));

        charterEvent("charter.cancelled", subject, "{\"charter_id\":186,\"client\":" + client + "}");
        charterEvent("feedback.received", subject, "{\"charter_id\":186,\"rating\":5}");

        awaitStatus(reminder.get("id").asText(), "cancelled");
        awaitStatus(feedback.get("id").asText(), "cancelled");
    }

    @Test
    void aTripReportedCompletedTwiceAsksForFeedbackOnce() {
        String subject = "charter/" + UUID.randomUUID();
        String data = "{\"charter_id\":186,\"client\":{\"name\":\"Ana\",\"email\":\"" + uniqueEmail() + "\"}}";
        Instant tripEnded = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        String first = charterEvent("trip.completed", subject, tripEnded, data);
        String asked = notificationOf(first);

        // dispatch's end-of-day job reports the trip again, under a new event id
        String again = charterEvent("trip.completed", subject, tripEnded, data);
        JsonNode askedAgain = notification(notificationOf(again));
        awaitStatus(asked, "cancelled");
        assertThat(Instant.parse(askedAgain.get("send_at").asText())).isEqualTo(tripEnded.plus(Duration.ofHours(2)));
        JsonNode pending = json(get("/api/v1/scheduled?subject=" + subject, "Authorization", "Bearer " + OPS_KEY)
                .body()).get("items");
        assertThat(pending).extracting(n -> n.get("id").asText()).containsExactly(askedAgain.get("id").asText());
    }

    @Test
    void aRescheduleMovesTheTripReminderToTheNewDate() {
        String subject = "charter/" + UUID.randomUUID();
        java.time.LocalDate today = java.time.LocalDate.now(ZoneId.of("America/New_York"));
        String client = "{\"name\":\"Ana\",\"phone\":\"" + uniquePhone() + "\"}";
        String confirmed = charterEvent("charter.confirmed", subject,
                "{\"charter_id\":186,\"client\":" + client + ",\"trip\":{\"date\":\"" + today.plusDays(10) + "\"}}");
        JsonNode first = reminderOf(confirmed);

        String moved = charterEvent("charter.rescheduled", subject, "{\"charter_id\":186,\"client\":" + client
                + ",\"previous_date\":\"" + today.plusDays(10) + "\",\"trip\":{\"date\":\"" + today.plusDays(20)
                + "\"}}");
        awaitStatus(first.get("id").asText(), "cancelled");
        JsonNode second = reminderOf(moved);
        assertThat(Instant.parse(second.get("send_at").asText())).isEqualTo(dayBeforeAtNine(today.plusDays(20)));
        // and the client has the new date in writing at once (a phone only: by SMS)
        JsonNode told = await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(moved).stream()
                .filter(n -> "charter_rescheduled".equals(n.get("template").asText())).findFirst().orElse(null),
                n -> n != null);
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("EEE MMM d",
                java.util.Locale.US);
        assertThat(awaitStatus(told.get("id").asText(), "sent").at("/content/text").asText())
                .isEqualTo("CoachWay: your charter #186 now runs " + day.format(today.plusDays(20)) + " (it was "
                        + day.format(today.plusDays(10)) + "). Not what you agreed? Reply to this message.");

        // moved again: the reminder for the second date goes too, and the reschedule's own stays
        String again = charterEvent("charter.rescheduled", subject,
                "{\"charter_id\":186,\"client\":" + client + ",\"trip\":{\"date\":\"" + today.plusDays(5) + "\"}}");
        awaitStatus(second.get("id").asText(), "cancelled");
        JsonNode third = reminderOf(again);
        assertThat(Instant.parse(third.get("send_at").asText())).isEqualTo(dayBeforeAtNine(today.plusDays(5)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> "queued".equals(notification(third.get("id").asText()).get("status").asText()));
        JsonNode pending = json(get("/api/v1/scheduled?subject=" + subject, "Authorization", "Bearer " + OPS_KEY)
                .body()).get("items");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("id").asText()).isEqualTo(third.get("id").asText());
    }

    @Test
    void aConfirmationSentAgainLeavesOneReminderForItsDate() {
        String subject = "charter/" + UUID.randomUUID();
        java.time.LocalDate today = java.time.LocalDate.now(ZoneId.of("America/New_York"));
        String client = "{\"name\":\"Ana\",\"phone\":\"" + uniquePhone() + "\"}";
        String data = "{\"charter_id\":186,\"client\":" + client + ",\"trip\":{\"date\":\"%s\"}}";
        JsonNode first = reminderOf(charterEvent("charter.confirmed", subject, data.formatted(today.plusDays(10))));

        // a batch job confirms the day's charters again, under new event ids
        JsonNode second = reminderOf(charterEvent("charter.confirmed", subject, data.formatted(today.plusDays(10))));
        awaitStatus(first.get("id").asText(), "cancelled");
        // confirmed again after a change of date: the reminder follows the latest confirmation
        String changed = charterEvent("charter.confirmed", subject, data.formatted(today.plusDays(12)));
        JsonNode third = reminderOf(changed);
        awaitStatus(second.get("id").asText(), "cancelled");
        assertThat(Instant.parse(third.get("send_at").asText())).isEqualTo(dayBeforeAtNine(today.plusDays(12)));
        assertThat(json(get("/api/v1/events?id=" + changed, "Authorization", "Bearer " + OPS_KEY).body())
                .get("items").get(0).get("reason").asText())
                .contains("calls off any waiting sends of charter-confirmed, charter-rescheduled");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> "queued".equals(notification(third.get("id").asText()).get("status").asText()));
        JsonNode pending = json(get("/api/v1/scheduled?subject=" + subject, "Authorization", "Bearer " + OPS_KEY)
                .body()).get("items");
        assertThat(pending).extracting(n -> n.get("id").asText()).containsExactly(third.get("id").asText());
    }

    @Test
    void aClientWithoutAPhoneOrWhoStoppedTheTextsIsRemindedByEmail() {
        LocalDate trip = LocalDate.now(ZoneId.of("America/New_York")).plusDays(10);
        String email = uniqueEmail();
        JsonNode reminder = reminderOf(charterEvent("charter.confirmed", "charter/" + UUID.randomUUID(),
                "{\"charter_id\":187,\"client\":{\"name\":\"Ana\",\"email\":\"" + email + "\"},\"trip\":{\"date\":\""
                        + trip + "\",\"pickup\":\"Boston South Station\"}}"));
        // waiting, not blocked for want of a phone
        assertThat(reminder.get("status").asText()).isEqualTo("queued");
        assertThat(reminder.get("channels")).extracting(JsonNode::asText).containsExactly("sms", "email");
        assertThat(Instant.parse(reminder.get("send_at").asText())).isEqualTo(dayBeforeAtNine(trip));

        // its day comes
        String id = reminder.get("id").asText();
        jdbc.sql("UPDATE notifications SET send_at = now() WHERE id = :id").param("id", id).update();
        JsonNode sent = awaitStatus(id, "sent");
        assertThat(sent.get("channel").asText()).isEqualTo("email");
        assertThat(sent.at("/content/subject").asText()).isEqualTo("Reminder: your charter #187 leaves "
                + java.time.format.DateTimeFormatter.ofPattern("EEEE, MMMM d", java.util.Locale.ENGLISH).format(trip));
        // the confirmation and the reminder
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email), mails -> mails.size() == 2))
                .extracting(MimeMessage::getSubject).contains(sent.at("/content/subject").asText());

        // a client who texted STOP: ops see that the reminder will still reach them, by email
        String phone = uniquePhone();
        String both = "{\"name\":\"Ben\",\"phone\":\"" + phone + "\",\"email\":\"" + uniqueEmail() + "\"}";
        assertThat(textFrom(phone, "STOP").statusCode()).isEqualTo(200);
        String subject = "charter/" + UUID.randomUUID();
        reminderOf(charterEvent("charter.confirmed", subject, "{\"charter_id\":188,\"client\":" + both
                + ",\"trip\":{\"date\":\"" + trip + "\"}}"));
        assertThat(json(get("/api/v1/scheduled?subject=" + subject, "Authorization", "Bearer " + OPS_KEY).body())
                .at("/items/0/outlook").asText()).startsWith("goes by email if nothing changes before its time: sms: ");
    }

    @Test
    void theConfirmationAndTheRescheduleNoticePromiseTheReminderOnlyWhenOneIsComing() {
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
        String data = "{\"charter_id\":189,\"client\":{\"name\":\"Ana\",\"email\":\"%s\"},"
                + "\"trip\":{\"date\":\"%s\"}}";
        String ahead = charterEvent("charter.confirmed", "charter/" + UUID.randomUUID(),
                data.formatted(uniqueEmail(), today.plusDays(10)));
        reminderOf(ahead);
        assertThat(sentText(ahead, "charter_confirmed")).contains("We will send you a reminder the day before "
                + "departure.");

        // leaving today: the day-before 09:00 has passed, no reminder comes, and none is promised
        String leavingToday = charterEvent("charter.confirmed", "charter/" + UUID.randomUUID(),
                data.formatted(uniqueEmail(), today));
        assertThat(sentText(leavingToday, "charter_confirmed")).contains("is confirmed").doesNotContain("remind");
        assertThat(notificationsOf(leavingToday)).extracting(n -> n.get("template").asText())
                .doesNotContain("trip_reminder");
        assertThat(reasonOf(leavingToday)).contains("no trip_reminder to client: its time, "
                + today.minusDays(1) + " 09:00 America/New_York, had passed (skip_if_past)");

        // moved to a later date: its notice promises the new reminder
        String moved = charterEvent("charter.rescheduled", "charter/" + UUID.randomUUID(),
                data.formatted(uniqueEmail(), today.plusDays(5)));
        reminderOf(moved);
        assertThat(sentText(moved, "charter_rescheduled")).contains("We will send you a reminder the day before "
                + "departure. If this is not what you agreed");
    }

    @Test
    void aCharterConfirmedAgainAsItWasTellsTheClientNothingTwiceButAMoveBackIsTold() {
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
        String subject = "charter/" + UUID.randomUUID();
        String email = uniqueEmail();
        String client = "{\"name\":\"Ana\",\"phone\":\"" + uniquePhone() + "\",\"email\":\"" + email + "\"}";
        String data = "{\"charter_id\":190,\"client\":" + client + ",\"trip\":{\"date\":\"%s\"}}";
        String first = charterEvent("charter.confirmed", subject, data.formatted(today.plusDays(10)));
        List<String> told = confirmations(first, "sent");

        // the charter system's nightly job confirms it again, as it was, under a new event id and with a stamp of its
        // own that no template reads; whether a reminder is still to come (scheduled, which routing adds) is no news
        // either: as if the first had gone when its time had passed
        jdbc.sql("UPDATE notifications SET data = data - 'scheduled' WHERE event_id = :id").param("id", first)
                .update();
        String again = charterEvent("charter.confirmed", subject, data.formatted(today.plusDays(10))
                .replace("{\"charter_id\"", "{\"exported_at\":\"" + Instant.now() + "\",\"charter_id\""));
        for (String id : confirmations(again, "cancelled")) {
            JsonNode repeat = notification(id);
            assertThat(repeat.get("reason").asText()).isEqualTo("duplicate");
            assertThat(repeat.get("events")).last().satisfies(entry -> assertThat(entry.get("detail").asText())
                    .matches("not sent: notification (" + String.join("|", told) + ") of event " + first
                            + " told them the same at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"));
        }
        assertThat(mailsTo(email)).extracting(MimeMessage::getSubject).containsOnlyOnce("Confirmed: charter #190 on "
                + java.time.format.DateTimeFormatter.ofPattern("MMMM d, yyyy", java.util.Locale.ENGLISH)
                        .format(today.plusDays(10)));

        // confirmed again with a pickup time, which the confirmation prints: that is news
        String withTime = data.replace("\"}}", "\",\"pickup_time\":\"08:30\"}}");
        confirmations(charterEvent("charter.confirmed", subject, withTime.formatted(today.plusDays(10))), "sent");

        // moved to another day, then confirmed for the first one again: the client is told, the reschedule came last
        sentText(charterEvent("charter.rescheduled", subject, data.formatted(today.plusDays(12))),
                "charter_rescheduled");
        confirmations(charterEvent("charter.confirmed", subject, data.formatted(today.plusDays(10))), "sent");
        // another charter's confirmation with the same words is news too
        confirmations(charterEvent("charter.confirmed", "charter/" + UUID.randomUUID(),
                data.replace("190", "191").formatted(today.plusDays(10))), "sent");
    }

    /** The ids of an event's two confirmations (WhatsApp or SMS, and email), once both are in {@code status}. */
    private List<String> confirmations(String eventId, String status) {
        List<JsonNode> made = await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(eventId).stream()
                .filter(n -> "charter_confirmed".equals(n.get("template").asText())).toList(), n -> n.size() == 2);
        return made.stream().map(n -> awaitStatus(n.get("id").asText(), status).get("id").asText()).toList();
    }

    /** The text of the email an event's template sent, once sent. */
    private String sentText(String eventId, String template) {
        JsonNode made = await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(eventId).stream()
                .filter(n -> template.equals(n.get("template").asText())
                        && "email".equals(n.at("/channels/0").asText()))
                .findFirst().orElse(null), n -> n != null);
        return awaitStatus(made.get("id").asText(), "sent").at("/content/text").asText();
    }

    private JsonNode reminderOf(String eventId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(eventId).stream()
                .filter(n -> "trip_reminder".equals(n.get("template").asText())).findFirst().orElse(null),
                n -> n != null);
    }

    private static Instant dayBeforeAtNine(java.time.LocalDate trip) {
        return trip.minusDays(1).atTime(9, 0).atZone(ZoneId.of("America/New_York")).toInstant();
    }

    @Test
    void theAgentHearsOfTheThirdRescheduleOfOneClientWithinAWeekWithEachOfThemAndHowToReachTheClient() {
        String email = uniqueEmail();
        String client = "{\"name\":\"Ana Ruiz\",\"email\":\"" + email + "\"}";
        String agent = "{\"name\":\"Sam Ortiz\",\"email\":\"" + uniqueEmail() + "\"}";
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // the second says where the trip moved from and to; the others only which charter
            String moved = i == 1 ? ",\"previous_date\":\"2027-06-10\",\"trip\":{\"date\":\"2027-06-12\"}" : "";
            events.add(charterEvent("charter.rescheduled", "charter/" + UUID.randomUUID(),
                    "{\"charter_id\":" + (300 + i) + ",\"client\":" + client + ",\"agent\":" + agent + moved + "}"));
            routed(events.get(i));
        }

        // routed first, then made into notifications by the notify consumer: wait for the one, then for no more
        // (the second also has a trip reminder for its new date)
        Supplier<List<JsonNode>> alerts = () -> events.stream().flatMap(e -> notificationsOf(e).stream())
                .filter(n -> "reschedule_alert".equals(n.get("template").asText())).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.get().size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> alerts.get().size() == 1);
        JsonNode alert = alerts.get().get(0);
        assertThat(alert.get("to").get("name").asText()).isEqualTo("Sam Ortiz");
        // the third, in routing order here (one at a time)
        assertThat(alert.get("event_id").asText()).isEqualTo(events.get(2));
        JsonNode sent = awaitStatus(alert.get("id").asText(), "sent");
        // the three reschedules counted, oldest first, each on the day the hub heard of it (the fourth came later)
        String day = "\\w{3} \\w{3} \\d{1,2}";
        assertThat(sent.get("content").get("text").asText()).matches("""
                (?s)Hi Sam Ortiz,

                Ana Ruiz has now rescheduled 3 times within 7 days:
                  - %1$s: charter #300
                  - %1$s: charter #301 moved to Sat Jun 12, 2027 \\(it was Thu Jun 10, 2027\\)
                  - %1$s: charter #302

                A call may save the booking: ask what keeps changing for them, at %2$s.
                .*""".formatted(day, Pattern.quote(email)));
    }

    /** Posts an event of the charter service about {@code subject}; returns its id. */
    private String charterEvent(String type, String subject, String data) {
        return charterEvent(type, subject, null, data);
    }

    /** Posts an event of the charter service about {@code subject} that happened at {@code time} (or none). */
    private String charterEvent(String type, String subject, Instant time, String data) {
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent("""
                {"specversion":"1.0","id":"%s","source":"charter-service","type":"%s","subject":"%s",%s"data":%s}"""
                .formatted(id, type, subject, time == null ? "" : "\"time\":\"" + time + "\",", data))
                .statusCode()).isEqualTo(202);
        return id;
    }

    @Test
    void anAtTimeAlreadyPastIsSkippedWhenTheRuleSaysSo() {
        String phone = uniquePhone();
        String event = drill("ops.at.fire", "charter/" + UUID.randomUUID(), phone, "{\"date\":\"2020-01-01\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", event)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> notificationsOf(event).isEmpty() && sentTo(phone) == 0);
        // ops asked where the message is read why there is none, in the recipient's zone (else the company's)
        assertThat(reasonOf(event)).isEqualTo("rules: drill-at; no drill_notice to client: its time, 2019-12-31 09:00"
                + " America/New_York, had passed (skip_if_past)");
        String tokyo = drill("ops.at.fire", "charter/" + UUID.randomUUID(), phone, "{\"date\":\"2020-01-01\"}",
                "Asia/Tokyo");
        routed(tokyo);
        assertThat(reasonOf(tokyo)).contains("its time, 2019-12-31 09:00 Asia/Tokyo, had passed");
        String undated = drill("ops.at.fire", "charter/" + UUID.randomUUID(), phone, "{\"date\":\"soon\"}");
        routed(undated);
        assertThat(reasonOf(undated)).isEqualTo("rules: drill-at; no drill_notice to client: it has no date at"
                + " drill.date");
        assertThat(notificationsOf(tokyo)).isEmpty();
        assertThat(notificationsOf(undated)).isEmpty();
    }

    private String reasonOf(String eventId) {
        return json(get("/api/v1/events?id=" + eventId, "Authorization", "Bearer " + OPS_KEY).body()).get("items")
                .get(0).get("reason").asText();
    }

    private String drill(String type, String subject, String phone, String drill) {
        return drill(type, subject, phone, drill, null);
    }

    private String drill(String type, String subject, String phone, String drill, String zone) {
        return drill(type, subject, phone, drill, zone, null);
    }

    /**
     * Posts a drill event about {@code subject} to a client at {@code phone}, in {@code zone} and happened at
     * {@code time} when given; returns the event id.
     */
    private String drill(String type, String subject, String phone, String drill, String zone, Instant time) {
        String id = "evt-" + UUID.randomUUID();
        String event = """
                {"specversion":"1.0","id":"%s","source":"charter-service","type":"%s","subject":"%s",%s
                 "datacontenttype":"application/json",
                 "data":{"client":{"name":"Ana","phone":"%s"%s},"drill":%s}}""".formatted(id, type, subject,
                time == null ? "" : "\"time\":\"" + time + "\",", phone,
                zone == null ? "" : ",\"timezone\":\"" + zone + "\"", drill);
        assertThat(postEvent(event).statusCode()).isEqualTo(202);
        return id;
    }

    private List<JsonNode> notificationsOf(String eventId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        json(get("/api/v1/notifications?event_id=" + eventId, "Authorization", "Bearer " + OPS_KEY).body())
                .get("items").forEach(found::add);
        return found;
    }

    private String notificationOf(String eventId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> notificationsOf(eventId), n -> n.size() == 1)
                .get(0).get("id").asText();
    }

}
