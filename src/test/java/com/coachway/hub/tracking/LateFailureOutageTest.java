package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.TcpProxy;
import com.coachway.hub.support.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failure the provider reports late hands the notification to its next channel through the broker. While the
 * broker is away that hand-over cannot happen: the callback waits for it, however many times it is tried, and is
 * never set aside as failed with the notification left looking sent.
 */
class LateFailureOutageTest extends DeliveryIntegrationTest {

    static final TcpProxy BROKER = new TcpProxy(TestInfrastructure.RABBIT_HOST, TestInfrastructure.RABBIT_PORT);

    @DynamicPropertySource
    static void throughProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.port", BROKER::port);
        registry.add("hub.tracking.apply-interval", () -> "100");
        registry.add("hub.tracking.retry-delay", () -> "PT0.2S");
        registry.add("hub.tracking.max-attempts", () -> "2");
    }

    // restored, never closed: the Spring context closes after this class and must find its broker reachable
    @AfterEach
    void restore() {
        BROKER.restore();
    }

    @Test
    void aFallbackThatFindsTheBrokerAwayWaitsForItThenSends() {
        twilioAccepts();
        String phone = uniquePhone();
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        String id = notify(request("payment_confirmation", "[\"whatsapp\",\"sms\"]", "{\"name\":\"Ana\",\"phone\":\""
                + phone + "\"}", "{\"charter_id\":186,\"amount\":\"450.00\",\"currency\":\"USD\"}"));
        String sid = awaitStatus(id, "sent").get("provider_message_id").asText();

        BROKER.cut();
        assertThat(twilioWebhook("/webhooks/twilio/status", Map.of("AccountSid", ACCOUNT_SID, "MessageSid", sid,
                "MessageStatus", "undelivered", "ErrorCode", "63003")).statusCode()).isEqualTo(204);
        // tried about once a second (its lease), more often than hub.tracking.max-attempts (2 here), and still waiting
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> "pending".equals(callbackState(sid)));
        assertThat(notification(id).get("status").asText()).isEqualTo("sent");

        BROKER.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioFormsTo(phone).size() == 2);
        JsonNode sms = awaitStatus(id, "sent");
        assertThat(sms.get("channel").asText()).isEqualTo("sms");
        assertThat(twilioFormsTo(phone).get(1)).containsEntry("To", phone);
        await().atMost(Duration.ofSeconds(10)).until(() -> "applied".equals(callbackState(sid)));
    }

    private String callbackState(String sid) {
        return jdbc.sql("SELECT state FROM provider_callbacks WHERE message_id = ?").param(sid).query(String.class)
                .single();
    }
}
