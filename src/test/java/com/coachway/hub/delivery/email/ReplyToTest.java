package com.coachway.hub.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Our emails say "just reply to this email": a reply goes where the template says ({@code email.reply_to}, such as
 * the agent of a lead), else to {@code hub.mail.reply-to}, else to the sender; never nowhere.
 */
class ReplyToTest extends DeliveryIntegrationTest {

    private static final String DESK = "charters@coachway.example";
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password"
            .getBytes(StandardCharsets.UTF_8));

    @DynamicPropertySource
    static void desk(DynamicPropertyRegistry registry) {
        registry.add("hub.mail.reply-to", () -> DESK);
    }

    private static MimeMessage mailTo(String email) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(email), mails -> !mails.isEmpty()).get(0);
    }

    private static String replyTo(MimeMessage mail) throws MessagingException {
        Address[] addresses = mail.getReplyTo();
        assertThat(mail.getHeader("Reply-To")).as("a Reply-To header").isNotNull().hasSize(1);
        return Arrays.toString(addresses);
    }

    private String emailTo(String template, String data) {
        String email = uniqueEmail();
        String id = notify(request(template, "[\"email\"]", "{\"name\":\"Ana Ruiz\",\"email\":\"" + email + "\"}",
                data));
        awaitStatus(id, "sent");
        return email;
    }

    @Test
    void aShippedTemplatesReplyGoesToTheConfiguredDesk() throws Exception {
        String email = emailTo("charter_confirmed", "{\"charter_id\":186}");
        assertThat(replyTo(mailTo(email))).isEqualTo("[" + DESK + "]");
    }

    @Test
    void aTemplateNamesWhoGetsTheReplyAndOneThatRendersToNoAddressFallsBackToTheDesk() throws Exception {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HttpResponse<String> made = post("/api/v1/templates", "application/json", """
                {"name":"%s","category":"transactional","email":{"subject":"Your quote",
                 "text":"Hi {{ recipient.name }}, just reply to this email.",
                 "html":"<p>Hi {{ recipient.name }}, just reply to this email.</p>",
                 "reply_to":"{%% if agent.email is defined %%}{{ agent.email }}{%% endif %%}"}}""".formatted(name),
                "Authorization", ADMIN);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

        String toAgent = emailTo(name, "{\"agent\":{\"email\":\"maria@coachway.example\"}}");
        assertThat(replyTo(mailTo(toAgent))).isEqualTo("[maria@coachway.example]");

        String noAgent = emailTo(name, "{}");
        assertThat(replyTo(mailTo(noAgent))).isEqualTo("[" + DESK + "]");

        // an upstream system's typo must not silence the email: it goes, with the desk to reply to, and says why
        String client = uniqueEmail();
        String typo = notify(request(name, "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + client + "\"}",
                "{\"agent\":{\"email\":\"maria at coachway\"}}"));
        JsonNode sent = awaitStatus(typo, "sent");
        assertThat(replyTo(mailTo(client))).isEqualTo("[" + DESK + "]");
        assertThat(sent.get("events").findValuesAsText("detail")).anyMatch(d -> d.endsWith(
                "reply_to 'maria at coachway' is not an email address such as charters@coachway.example, so "
                        + "replies go to " + DESK));

        // and the preview shows where replies go
        HttpResponse<String> preview = post("/api/v1/templates/" + name + "/preview", "application/json",
                "{\"channel\":\"email\",\"data\":{\"recipient\":{\"name\":\"Ana\"},\"agent\":{\"email\":"
                        + "\"maria@coachway.example\"}}}",
                "Authorization", ADMIN);
        assertThat(json(preview.body()).get("reply_to").asText()).isEqualTo("maria@coachway.example");
    }

    @Test
    void aReplyToThatIsNoAddressOrUsesAVariableNobodySendsIsRefusedWhenSaved() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HttpResponse<String> plain = post("/api/v1/templates", "application/json", """
                {"name":"%s","category":"transactional","email":{"subject":"Hi","text":"Hi","html":"<p>Hi</p>",
                 "reply_to":"the sales desk"}}""".formatted(name), "Authorization", ADMIN);
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(json(plain.body()).get("errors").get(0).toString()).isEqualTo("{\"field\":\"email.reply_to\","
                + "\"message\":\"must be an email address such as charters@coachway.example, or a template of one "
                + "such as {{ agent.email }}\"}");

        // a template the routing table sends: its reply_to may only use what the events carry, as its bodies
        HttpResponse<String> unguarded = send(java.net.http.HttpRequest.newBuilder(uri(
                "/api/v1/templates/charter_cancelled")).header("Authorization", ADMIN)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        """
                                {"category":"transactional","email":{"subject":"Charter #{{ charter_id }} cancelled",
                                 "text":"Your charter #{{ charter_id }} is cancelled.",
                                 "html":"<p>Your charter #{{ charter_id }} is cancelled.</p>","reply_to":"{{ agent.email }}"}}"""))
                .build());
        assertThat(unguarded.statusCode()).isEqualTo(400);
        assertThat(unguarded.body()).contains("email.reply_to", "agent.email");
    }
}
