package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ScriptedSmtpServer;
import com.fasterxml.jackson.databind.JsonNode;

/** SMTP replies through the classification table: 4.x.x retried, 5.x.x failed, 5.1.1 bounced and suppressed. */
class EmailOutcomesTest extends DeliveryIntegrationTest {

    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @DynamicPropertySource
    static void scriptedSmtp(DynamicPropertyRegistry registry) {
        registry.add("test.smtp.port", SMTP::port);
    }

    @AfterAll
    static void stopSmtp() throws Exception {
        SMTP.close();
    }

    @BeforeEach
    void resetSmtp() {
        SMTP.reset();
    }

    private String quote(String email) {
        return notify(request("charter_split", "[\"email\"]", "{\"name\":\"Marcus\",\"email\":\"" + email + "\"}",
                "{\"charter_id\":204,\"trip\":{\"date\":\"2026-07-03\",\"pickup\":\"Chicago\",\"passengers\":110},"
                        + "\"split\":{\"coaches\":3}}"));
    }

    @Test
    void unknownMailboxBouncesAndSuppressesTheAddress() {
        String email = uniqueEmail();
        SMTP.answerRecipients("550 5.1.1 <" + email + ">: Recipient address rejected: User unknown");

        // refused at once or reported later by a DSN, a mailbox that does not exist is a bounce, and counted as one
        Instant before = Instant.now().minusSeconds(1);
        String id = quote(email);
        JsonNode bounced = awaitStatus(id, "bounced");

        assertThat(bounced.get("error_code").asText()).isEqualTo("5.1.1");
        assertThat(bounced.get("attempts").asInt()).isEqualTo(1);
        assertThat(bounced.get("events").findValuesAsText("detail")).contains("email bounced: smtp 5.1.1: 550 5.1.1 <"
                + email + ">: Recipient address rejected: User unknown");
        // it was sent and it bounced: a bounce rate of 1, not 0 for want of a provider's message id
        JsonNode stats = json(
                get("/api/v1/stats?template=charter_split&channel=email&since=" + before, "Authorization",
                        "Bearer " + OPS_KEY).body());
        assertThat(stats.at("/counts/bounced").asLong()).isEqualTo(1);
        assertThat(stats.at("/counts/sent").asLong()).isEqualTo(1);
        assertThat(stats.at("/counts/delivered").asLong()).isZero();
        assertThat(stats.at("/rates/bounced").asDouble()).isEqualTo(1.0);
        assertThat(stats.at("/rates/delivered").asDouble()).isZero();
        assertThat(jdbc.sql("SELECT kind || '/' || source FROM suppressions WHERE channel = 'email' AND address = ?")
                .param(email).query(String.class).single()).isEqualTo("suppressed/hard_bounce");

        JsonNode blocked = awaitStatus(quote(email), "blocked");
        assertThat(blocked.get("reason").asText()).isEqualTo("suppressed");
        assertThat(SMTP.recipientAttempts()).isEqualTo(1);
    }

    @Test
    void temporaryFailureIsRetriedThenSent() {
        SMTP.answerRecipients("451 4.3.0 Mail server temporarily rejected message", "450 4.2.1 Try again later");

        JsonNode sent = awaitStatus(quote(uniqueEmail()), "sent");

        assertThat(sent.get("attempts").asInt()).isEqualTo(3);
        assertThat(SMTP.accepted()).hasSize(1);
        assertThat(SMTP.accepted().get(0)).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    }

    @Test
    void policyRejectionFailsWithoutSuppressing() {
        String email = uniqueEmail();
        SMTP.answerRecipients("554 5.7.1 Message rejected by policy");

        JsonNode failed = awaitStatus(quote(email), "failed");

        assertThat(failed.get("error_code").asText()).isEqualTo("5.7.1");
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions WHERE address = ?").param(email).query(Integer.class)
                .single()).isZero();
    }
}
