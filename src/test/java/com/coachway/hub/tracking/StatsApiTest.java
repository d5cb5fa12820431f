package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/v1/stats} on a seeded data set whose rates and winner are known in advance. */
class StatsApiTest extends HubIntegrationTest {

    private static final String ANALYST = "Basic " + Base64.getEncoder().encodeToString("analyst:analyst-password"
            .getBytes(StandardCharsets.UTF_8));

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password"
            .getBytes(StandardCharsets.UTF_8));

    /** {@code count} email notifications of a template and variant in one status, created {@code daysAgo}. */
    private void seed(String template, String variant, String status, int count, boolean sent, int daysAgo) {
        seed("email", template, variant, status, count, sent, daysAgo);
    }

    /** The same on {@code channel}. */
    private void seed(String channel, String template, String variant, String status, int count, boolean sent,
            int daysAgo) {
        // a name the hub knows (deleted since): a filter on a name that never was is refused
        jdbc.sql("INSERT INTO templates (name, current_version, deleted) VALUES (?, 1, true) ON CONFLICT DO NOTHING")
                .param(template).update();
        jdbc.sql("""
                INSERT INTO notifications (id, origin, template, variant, category, priority, channels, channel,
                    address, status, provider, provider_message_id, created_at)
                SELECT 'ntf_' || md5(random()::text || g), 'api', :template, :variant, 'marketing', 'low',
                    ARRAY[:channel], :channel, CASE WHEN :channel = 'email' THEN 'seed' || g || '@example.com'
                        ELSE '+1555555' || (1000 + g) END, :status,
                    CASE WHEN :channel = 'email' THEN 'smtp' ELSE 'twilio' END,
                    CASE WHEN :sent THEN '<' || md5(random()::text) || '@coachway.example>' END,
                    now() - make_interval(days => :daysAgo)
                FROM generate_series(1, :count) g
                """)
                .param("channel", channel)
                .param("template", template)
                .param("variant", variant)
                .param("status", status)
                .param("sent", sent)
                .param("daysAgo", daysAgo)
                .param("count", count)
                .update();
    }

    private JsonNode stats(String query) {
        HttpResponse<String> response = get("/api/v1/stats?" + query, "Authorization", ANALYST);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonNode variant(JsonNode stats, String name) {
        for (JsonNode group : stats.get("variants")) {
            if (name.equals(group.get("variant").asText())) {
                return group;
            }
        }
        throw new AssertionError("no variant " + name + " in " + stats);
    }

    @Test
    void knownRatesAndAKnownWinner() {
        String template = "seeded_" + UUID.randomUUID().toString().substring(0, 8);
        // A: 1000 sent; 20 bounce; 300 open, 120 of them click
        seed(template, "A", "sent", 680, true, 1);
        seed(template, "A", "opened", 180, true, 1);
        seed(template, "A", "clicked", 120, true, 1);
        seed(template, "A", "bounced", 20, true, 1);
        // B: 1000 sent; 30 bounce; 200 open, 50 of them click
        seed(template, "B", "sent", 770, true, 1);
        seed(template, "B", "opened", 150, true, 1);
        seed(template, "B", "clicked", 50, true, 1);
        seed(template, "B", "bounced", 30, true, 1);
        // blocked before a variant was chosen, and an old one outside the default 30 days
        seed(template, null, "blocked", 10, false, 1);
        seed(template, "B", "clicked", 500, true, 90);
        // five of A's opened emails led to an unsubscribe
        jdbc.sql("""
                INSERT INTO consent_history (channel, address, action, category, source, notification_id)
                SELECT 'email', address, 'opt_out', 'marketing', 'unsubscribe_link', id FROM notifications
                WHERE template = :template AND variant = 'A' AND status = 'opened' LIMIT 5
                """).param("template", template).update();

        JsonNode stats = stats("template=" + template + "&channel=email");

        JsonNode counts = stats.get("counts");
        assertThat(counts.get("total").asLong()).isEqualTo(2010);
        assertThat(counts.get("sent").asLong()).isEqualTo(2000);
        assertThat(counts.get("delivered").asLong()).isEqualTo(1950);
        assertThat(counts.get("opened").asLong()).isEqualTo(500);
        assertThat(counts.get("clicked").asLong()).isEqualTo(170);
        assertThat(counts.get("bounced").asLong()).isEqualTo(50);
        assertThat(counts.get("blocked").asLong()).isEqualTo(10);
        assertThat(counts.get("unsubscribed").asLong()).isEqualTo(5);
        assertThat(stats.at("/rates/delivered").asDouble()).isEqualTo(0.975);
        assertThat(stats.at("/rates/bounced").asDouble()).isEqualTo(0.025);

        JsonNode a = variant(stats, "A");
        assertThat(a.at("/counts/delivered").asLong()).isEqualTo(980);
        assertThat(a.at("/rates/opened").asDouble()).isCloseTo(300.0 / 980, within(0.0001));
        assertThat(a.at("/rates/clicked").asDouble()).isCloseTo(120.0 / 980, within(0.0001));
        assertThat(variant(stats, "B").at("/rates/opened").asDouble()).isCloseTo(200.0 / 970, within(0.0001));

        // opened: 300/980 against 200/970, pooled 500/1950: se = sqrt(.25641 * .74359 * (1/980 + 1/970)) = .019777,
        // z = (.306122 - .206186) / .019777 = 5.053, p < 0.0001
        JsonNode test = stats.get("ab_test");
        assertThat(test.get("metric").asText()).isEqualTo("opened");
        assertThat(test.get("test").asText()).contains("two-proportion z-test");
        assertThat(test.get("significant").asBoolean()).isTrue();
        assertThat(test.get("winner").asText()).isEqualTo("A");
        assertThat(test.get("z").asDouble()).isCloseTo(5.053, within(0.005));
        assertThat(test.get("p_value").asDouble()).isLessThan(0.0001);
        assertThat(test.get("confidence").asDouble()).isGreaterThan(0.9999);

        // clicks: 120/980 against 50/970 also favour A
        assertThat(stats("template=" + template + "&metric=clicked").at("/ab_test/winner").asText()).isEqualTo("A");
        // the old rows count when the range includes them
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThat(stats("template=" + template + "&since=" + now.minus(Duration.ofDays(120)) + "&until="
                + now.plus(Duration.ofDays(1))).at("/counts/total").asLong()).isEqualTo(2510);
    }

    @Test
    void aDifferenceTheTestCannotTellIsNoWinner() {
        String template = "close_" + UUID.randomUUID().toString().substring(0, 8);
        seed(template, "A", "opened", 12, true, 1);
        seed(template, "A", "sent", 88, true, 1);
        seed(template, "B", "opened", 10, true, 1);
        seed(template, "B", "sent", 90, true, 1);

        JsonNode test = stats("template=" + template).get("ab_test");
        assertThat(test.get("significant").asBoolean()).isFalse();
        assertThat(test.has("winner")).isFalse();
        assertThat(test.has("confidence")).isFalse();
        assertThat(test.get("p_value").asDouble()).isGreaterThan(0.5);
        assertThat(test.get("note").asText()).contains("not significant");
    }

    @Test
    void textsAreComparedOnWhatTheHubCanSeeOfThemTheirDelivery() {
        String template = "texts_" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> made = post("/api/v1/templates", "application/json",
                """
                        {"name":"%s","category":"marketing","sms":{"text":"Hi {{ recipient.name }}"},
                         "variants":{"A":{"weight":1,"sms":{"text":"Book now"}},"B":{"weight":1,"sms":{"text":"Save today"}}}}"""
                        .formatted(template),
                "Authorization", ADMIN);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        // A: 95 of 100 delivered; B: 80 of 100
        seed("sms", template, "A", "delivered", 95, true, 1);
        seed("sms", template, "A", "undelivered", 5, true, 1);
        seed("sms", template, "B", "delivered", 80, true, 1);
        seed("sms", template, "B", "undelivered", 20, true, 1);

        // nobody can open a text: left to itself the comparison is on delivery, which names a winner
        JsonNode test = stats("template=" + template).get("ab_test");
        assertThat(test.get("metric").asText()).isEqualTo("delivered");
        assertThat(test.get("winner").asText()).isEqualTo("A");
        assertThat(stats("template=" + template + "&channel=sms").at("/ab_test/metric").asText())
                .isEqualTo("delivered");

        // asked for a rate it could only ever call "too little data", the caller is told why and what to ask
        HttpResponse<String> opened = get("/api/v1/stats?template=" + template + "&metric=opened", "Authorization",
                ANALYST);
        assertThat(opened.statusCode()).isEqualTo(400);
        assertThat(json(opened.body()).get("errors").get(0).toString()).isEqualTo("{\"field\":\"metric\","
                + "\"message\":\"'opened' is seen on whatsapp and email only, and template '" + template
                + "' has bodies for sms only: compare on delivered\"}");
        HttpResponse<String> clicked = get("/api/v1/stats?channel=whatsapp&metric=clicked", "Authorization", ANALYST);
        assertThat(json(clicked.body()).get("errors").get(0).get("message").asText()).isEqualTo(
                "'clicked' is seen on email only, and the channel asked for is whatsapp: compare on delivered");
        // WhatsApp's read receipts are opens
        assertThat(stats("channel=whatsapp").at("/ab_test/metric").asText()).isEqualTo("opened");
    }

    @Test
    void badQueriesAreClearProblemsAndOnlyReadersMayAsk() {
        for (String query : new String[]{"channel=fax", "metric=revenue", "since=yesterday",
                "since=2026-05-01T00:00:00Z&until=2026-04-01T00:00:00Z",
                "since=2020-01-01T00:00:00Z&until=2026-01-01T00:00:00Z", "since=2099-01-01T00:00:00Z",
                "template=%27%3B%20DROP%20TABLE%20x", "template=charter_confirm"}) {
            HttpResponse<String> refused = get("/api/v1/stats?" + query, "Authorization", ANALYST);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        // a closed list is named as every API names one
        assertThat(get("/api/v1/stats?channel=fax&metric=revenue", "Authorization", ANALYST).body()).contains(
                "{\"field\":\"channel\",\"message\":\"must be one of sms, whatsapp, email\"}",
                "{\"field\":\"metric\",\"message\":\"must be one of delivered, opened, clicked\"}");
        assertThat(get("/api/v1/stats", "Authorization", "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/stats").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/stats", "Authorization", "Bearer " + OPS_KEY).statusCode()).isEqualTo(200);
    }
}
