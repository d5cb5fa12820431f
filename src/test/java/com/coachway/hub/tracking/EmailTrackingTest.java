package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ProviderWebhooks;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** The open pixel and wrapped links of a delivered email, as a mail client and a person use them. */
class EmailTrackingTest extends DeliveryIntegrationTest {

    private static final Pattern PIXEL = Pattern.compile("<img src=\"" + Pattern.quote(
            ProviderWebhooks.PUBLIC_BASE_URL) + "(/t/o/[A-Za-z0-9_.-]+)\"");
    private static final Pattern LINK = Pattern.compile("href=\"" + Pattern.quote(ProviderWebhooks.PUBLIC_BASE_URL)
            + "(/t/c/[A-Za-z0-9_.-]+)\"");
    private static final String BROWSER = "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Mail/3774";

    /** Sends a quote email and returns its HTML part as delivered. */
    private String deliveredQuoteHtml(String email) throws Exception {
        notify(request("quote_sent", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + email + "\"}", """
                {"charter_id":186,"trip":{"pickup":"Boston","dropoff":"Portland","date":"2026-06-12","passengers":48},
                 "quote":{"total":"2,450.00","currency":"USD","valid_until":"2026-05-01"},
                 "quote_url":"https://coachway.example/q/186?ref=email&lang=en"}"""));
        assertThat(MAIL.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        return (String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent();
    }

    private String notificationOf(String email) {
        return jdbc.sql("SELECT id FROM notifications WHERE address = ?").param(email).query(String.class).single();
    }

    private static String first(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertThat(matcher.find()).as(html).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> fetch(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("User-Agent", BROWSER).GET().build());
    }

    @Test
    void thePixelCountsAnOpenAndALinkRedirectsToItsStoredTargetAndCountsAClick() throws Exception {
        String email = uniqueEmail();
        String html = deliveredQuoteHtml(email);
        String id = notificationOf(email);
        awaitStatus(id, "sent");
        // the link to the quote is wrapped, the unsubscribe link is not, the original URL appears nowhere
        assertThat(html).doesNotContain("https://coachway.example/q/186").contains("/u/");

        HttpResponse<byte[]> pixel = HTTP.send(HttpRequest.newBuilder(uri(first(PIXEL, html))).header("User-Agent",
                BROWSER).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pixel.statusCode()).isEqualTo(200);
        assertThat(pixel.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(pixel.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                .contains("no-store"));
        assertThat(new String(pixel.body(), 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(awaitStatus(id, "opened").get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.startsWith("recipient opened the email"));

        HttpResponse<String> click = fetch(first(LINK, html));
        assertThat(click.statusCode()).isIn(302, 303);
        assertThat(click.headers().firstValue("Location")).hasValue("https://coachway.example/q/186?ref=email&lang=en");
        awaitStatus(id, "clicked");

        List<java.util.Map<String, Object>> events = jdbc.sql("SELECT kind, user_agent, ip_hash FROM tracking_events "
                + "WHERE notification_id = ? ORDER BY id").param(id).query().listOfRows();
        assertThat(events).extracting(e -> e.get("kind")).containsExactly("open", "click");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("user_agent")).isEqualTo(BROWSER);
            assertThat((String) e.get("ip_hash")).matches("[0-9a-f]{32}").doesNotContain("127.0.0.1");
        });

        // a second open after the click does not move it back
        fetch(first(PIXEL, html));
        assertThat(notification(id).get("status").asText()).isEqualTo("clicked");
    }

    @Test
    void tamperedUnknownAndUrlTokensAre404AndNeverRedirect() throws Exception {
        String email = uniqueEmail();
        String html = deliveredQuoteHtml(email);
        String link = first(LINK, html);
        String pixel = first(PIXEL, html);
        String token = link.substring("/t/c/".length());
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        // a genuine-looking click token that names a link id that does not exist
        String openToken = pixel.substring("/t/o/".length());

        for (String path : List.of("/t/c/" + tampered, "/t/c/" + openToken, "/t/o/" + token,
                "/t/c/https%3A%2F%2Fevil.example", "/t/c/https:%2F%2Fevil.example", "/t/c/evil.example",
                "/t/c/%2F%2Fevil.example", "/t/o/nonsense", "/t/c/" + "x".repeat(2000),
                "/t/c/%27%20OR%201%3D1--")) {
            HttpResponse<String> refused = fetch(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(refused.headers().firstValue("Location")).as(path).isEmpty();
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        // the mail server has the message a moment before the hub records it as sent
        String id = notificationOf(email);
        awaitStatus(id, "sent");
        assertThat(jdbc.sql("SELECT count(*) FROM tracking_events WHERE notification_id = ?").param(id)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void theOpenAndClickCountsShowInTheStats() throws Exception {
        String email = uniqueEmail();
        String html = deliveredQuoteHtml(email);
        fetch(first(PIXEL, html));
        fetch(first(LINK, html));
        String id = notificationOf(email);
        awaitStatus(id, "clicked");

        JsonNode stats = json(get("/api/v1/stats?template=quote_sent&channel=email", "Authorization",
                "Bearer " + OPS_KEY).body());
        assertThat(stats.at("/counts/opened").asLong()).isPositive();
        assertThat(stats.at("/counts/clicked").asLong()).isPositive();
    }
}
