package com.coachway.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** Without Twilio credentials the hub runs in sandbox mode: recorded as sent, nothing reaches Twilio. */
class SandboxTest extends HubIntegrationTest {

    static final WireMockServer TWILIO = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        TWILIO.start();
    }

    @DynamicPropertySource
    static void twilioWithoutCredentials(DynamicPropertyRegistry registry) {
        registry.add("hub.twilio.base-url", TWILIO::baseUrl);
    }

    @AfterAll
    static void stop() {
        TWILIO.stop();
    }

    @Test
    void messagesAreRecordedAsSentInTheSandboxAndNeverLeave() {
        HttpResponse<String> accepted = post("/api/v1/notifications", "application/json", """
                {"template":"recovery_contact","channels":["whatsapp","sms"],"priority":"high",
                 "to":{"name":"Dave","phone":"+15555550501"},
                 "data":{"charter_id":1,"attempts":1,"recovery_id":"R-1","dispatch_phone":"+1 555 555 0100"}}""",
                "Authorization",
                "Bearer " + CHARTER_KEY);
        String id = json(accepted.body()).get("id").asText();

        JsonNode sent = await().atMost(Duration.ofSeconds(20))
                .until(() -> json(get("/api/v1/notifications/" + id, "Authorization", "Bearer " + OPS_KEY).body()),
                        n -> "sent".equals(n.get("status").asText()));

        assertThat(sent.get("sandbox").asBoolean()).isTrue();
        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        assertThat(sent.get("provider_message_id").asText()).startsWith("sandbox-");
        assertThat(sent.get("events").findValuesAsText("detail")).anyMatch(d -> d.contains("(sandbox)"));
        assertThat(TWILIO.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
