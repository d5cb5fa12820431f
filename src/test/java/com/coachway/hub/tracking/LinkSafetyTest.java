package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.security.LinkTokens;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Link safety (API.md §8, issue 11 item 7): only links to allowed hosts become redirects on the hub's domain, a
 * {@code javascript:} link never reaches a mailbox, and a redirect's Location is a properly encoded URI.
 */
class LinkSafetyTest extends DeliveryIntegrationTest {

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());
    static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Autowired
    LinkTokens tokens;

    @Test
    void onlyLinksToAllowedHostsAreWrappedOthersAreSentAsTheyAre() throws Exception {
        String email = uniqueEmail();
        notify(request("quote_sent", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + email + "\"}",
                "{\"charter_id\":186,\"quote_url\":\"https://evil.example/phish\"}"));
        String foreign = html();
        assertThat(foreign).contains("href=\"https://evil.example/phish\"").doesNotContain("/t/c/");

        MAIL.purgeEmailFromAllMailboxes();
        notify(request("quote_sent", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + uniqueEmail() + "\"}",
                "{\"charter_id\":186,\"quote_url\":\"https://coachway.example/q/186\"}"));
        assertThat(html()).contains("/t/c/").doesNotContain("href=\"https://coachway.example/q/186\"");
    }

    @Test
    void aJavascriptLinkIsParkedNeverSent() {
        assertThat(post("/api/v1/templates", "application/json", """
                {"name":"link_notice","category":"transactional","email":{"subject":"Your link",
                 "html":"<p><a href=\\"{{ link | default('https://coachway.example') }}\\">Open</a></p>",
                 "text":"Open {{ link | default('https://coachway.example') }}"}}""", "Authorization", ADMIN)
                .statusCode()).isIn(201, 409);

        // at the API: a 400 naming the field
        HttpResponse<String> refused = post("/api/v1/notifications", "application/json", request("link_notice",
                "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + uniqueEmail() + "\"}",
                "{\"link\":\" JavaScript:alert(document.cookie)\"}"), "Authorization", "Bearer " + CHARTER_KEY);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused.body()).get("errors").findValuesAsText("field")).containsExactly("data.link");

        // at send: a template that builds one from harmless pieces is parked, not sent
        assertThat(put("/api/v1/templates/link_notice",
                """
                        {"category":"transactional","email":{"subject":"Your link",
                         "html":"<p><a href=\\"{{ scheme | default('https') }}:{{ rest | default('//coachway.example') }}\\">Open</a></p>",
                         "text":"Open it"}}""")
                .statusCode()).isEqualTo(200);
        String id = notify(request("link_notice", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + uniqueEmail()
                + "\"}", "{\"scheme\":\"javascript\",\"rest\":\"alert(document.cookie)\"}"));

        JsonNode parked = awaitStatus(id, "parked", "sent");
        assertThat(parked.get("status").asText()).isEqualTo("parked");
        assertThat(parked.get("error_message").asText()).contains("email.html must not link to "
                + "'javascript:alert(document.cookie)': only http(s), mailto and tel links reach a mailbox");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRedirectLocationIsAnEncodedUriAndAForeignStoredTargetIsNoRedirect() throws Exception {
        String notification = notify(request("quote_sent", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\""
                + uniqueEmail() + "\"}", "{\"charter_id\":186}"));
        awaitStatus(notification, "sent");
        long odd = link(notification, "https://coachway.example/q/a b\"onmouseover=\"alert(1)");
        long foreign = link(notification, "https://evil.example/phish");

        HttpResponse<String> redirect = click(odd);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location"))
                .hasValue("https://coachway.example/q/a%20b%22onmouseover=%22alert(1)");
        assertThat(click(foreign).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", ADMIN)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private long link(String notification, String url) {
        return jdbc.sql("INSERT INTO tracked_links (notification_id, url) VALUES (?, ?) RETURNING id")
                .params(notification, url).query(Long.class).single();
    }

    private HttpResponse<String> click(long link) throws Exception {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(uri("/t/c/" + tokens.sign("c1|" + link)))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String html() throws Exception {
        assertThat(MAIL.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        return (String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent();
    }
}
