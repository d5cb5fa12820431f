package com.coachway.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * An attempt whose outcome is unknown is never simply sent again. Twilio is asked (its message list, by To and From,
 * newest first) after a timeout and before any repeat, and the reconciler hands on whatever stopped moving. The read
 * timeout is 2 s here; the reconciler runs every 0.5 s and takes notifications unchanged for 3 s.
 */
@TestPropertySource(properties = {"hub.delivery.reconcile.stuck-after=PT3S",
        "hub.schedules.reconcile-interval=500"})
class UnknownOutcomeTest extends DeliveryIntegrationTest {

    private String sms(String phone) {
        return notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\"" + phone + "\"}",
                "{\"charter_id\":9,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+1 555 555 0100\"}"));
    }

    /**
     * Twilio keeps the message, then its answer comes too late, or the connection closes or is reset first (a proxy,
     * a load balancer going away).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"slower than the timeout", "connection closed before any answer",
            "connection reset before any answer"})
    void aMessageTwilioKeptWithoutAnsweringIsFoundInItsLogAndNotSentAgain(String how) {
        ResponseDefinitionBuilder kept = twilioTakes();
        PROVIDERS.stubFor(twilio().willReturn(how.startsWith("slower")
                ? kept.withFixedDelay(3500)
                : kept.withFault(how.contains("reset") ? Fault.CONNECTION_RESET_BY_PEER : Fault.EMPTY_RESPONSE)));

        JsonNode sent = awaitStatus(sms(uniquePhone()), "sent", "parked");

        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(TWILIO_LOG.taken()).hasSize(1);
        assertThat(sent.get("provider_message_id").asText()).isEqualTo(TWILIO_LOG.taken().get(0).sid());
        assertThat(sent.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("no answer from twilio, but it had taken the message"));
        // a late 201 changes nothing, and nothing more is sent
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> twilioRequests().size() == 1);
    }

    @Test
    void aRequestTwilioNeverTookIsSentAgainOnlyAfterTwilioSaysItHasNone() {
        // the first request is lost on its way (no answer, nothing kept); the second is taken
        PROVIDERS.stubFor(twilio().inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withFixedDelay(3500)).willSetStateTo("up"));
        PROVIDERS.stubFor(twilio().inScenario("lost").whenScenarioStateIs("up").willReturn(twilioTakes()));

        JsonNode sent = awaitStatus(sms(uniquePhone()), "sent", "parked");

        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(twilioRequests()).hasSize(2);
        assertThat(TWILIO_LOG.taken()).hasSize(1);
        assertThat(sent.get("provider_message_id").asText()).isEqualTo(TWILIO_LOG.taken().get(0).sid());
        assertThat(sent.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("the outcome is unknown"))
                .anyMatch(d -> d.contains("twilio has no such message since"));
        assertThat(PROVIDERS.findAll(getRequestedFor(urlPathMatching(".*/Messages.json")))).isNotEmpty();
    }

    @Test
    void aNotificationLeftSendingIsConfirmedWithTwilioByTheReconciler() {
        twilioAccepts();
        String id = sms(uniquePhone());
        awaitStatus(id, "sent");
        String sid = TWILIO_LOG.taken().get(0).sid();
        // as the hub leaves it when it dies after Twilio took the message and before the SID was committed
        jdbc.sql("""
                UPDATE notifications SET status = 'sending', provider_message_id = NULL,
                    attempt_started_at = now() - interval '1 minute', updated_at = now() - interval '1 minute'
                WHERE id = :id""").param("id", id).update();

        JsonNode confirmed = await().atMost(Duration.ofSeconds(20)).until(() -> notification(id),
                n -> "sent".equals(n.get("status").asText()) && n.hasNonNull("provider_message_id"));

        assertThat(confirmed.get("provider_message_id").asText()).isEqualTo(sid);
        assertThat(twilioRequests()).hasSize(1);
        assertThat(confirmed.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("while sending: the outcome is unknown"))
                .anyMatch(d -> d.contains("twilio had taken the previous attempt as " + sid));
    }

    @Test
    void aQueuedNotificationWhoseMessageWasLostIsDispatchedAgain() {
        twilioAccepts();
        String id = sms(uniquePhone());
        awaitStatus(id, "sent");
        // queued on sms, but its delivery message is gone (lost before the outbox work; a broker that lost a queue)
        jdbc.sql("""
                UPDATE notifications SET status = 'queued', provider_message_id = NULL,
                    updated_at = now() - interval '1 minute'
                WHERE id = :id""").param("id", id).update();

        JsonNode sent = await().atMost(Duration.ofSeconds(20)).until(() -> notification(id),
                n -> "sent".equals(n.get("status").asText()) && n.hasNonNull("provider_message_id"));

        assertThat(twilioRequests()).hasSize(2);
        assertThat(sent.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("its delivery message is gone; dispatched again"));
    }

    @Test
    void aSendLaterIsWaitingNotStuck() {
        twilioAccepts();
        String id = notify("{\"template\":\"recovery_contact\",\"channels\":[\"sms\"],\"send_at\":\""
                + Instant.now().plus(Duration.ofHours(1)) + "\",\"to\":{\"name\":\"Dave\",\"phone\":\""
                + uniquePhone() + "\"},\"data\":{\"charter_id\":9,\"attempts\":1,\"recovery_id\":\"R-1\","
                + "\"dispatch_phone\":\"+1 555 555 0100\"}}");
        jdbc.sql("UPDATE notifications SET updated_at = now() - interval '1 hour' WHERE id = :id").param("id", id)
                .update();

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> "queued".equals(notification(id).get("status").asText()));

        assertThat(twilioRequests()).isEmpty();
        assertThat(notification(id).get("events").findValuesAsText("detail"))
                .noneMatch(d -> d.contains("no change since"));
    }
}
