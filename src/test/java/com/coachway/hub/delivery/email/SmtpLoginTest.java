package com.coachway.hub.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/** The hub logs in to an SMTP server that wants a login, with a password full of characters URIs treat specially. */
@TestPropertySource(properties = {"hub.mail.username=hub-smtp", "hub.mail.password=a)&b=c p%20+"})
class SmtpLoginTest extends DeliveryIntegrationTest {

    @Test
    void anEmailGoesOutUnderTheConfiguredLogin() throws Exception {
        MAIL.setUser("hub-smtp@coachway.example", "hub-smtp", "a)&b=c p%20+");
        String email = uniqueEmail();

        JsonNode sent = awaitStatus(notify(request("payment_confirmation", "[\"email\"]",
                "{\"name\":\"Ana\",\"email\":\"" + email + "\"}", "{\"amount\":\"450.00\",\"charter_id\":186}")),
                "sent", "failed", "parked");

        assertThat(sent.get("status").asText()).as(sent.toString()).isEqualTo("sent");
        assertThat(Arrays.stream(MAIL.getReceivedMessages()).map(m -> {
            try {
                return m.getAllRecipients()[0].toString();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).anyMatch(recipient -> recipient.contains("<" + email + ">"));
    }
}
