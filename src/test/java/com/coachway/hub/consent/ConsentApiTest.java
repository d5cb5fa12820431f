package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/** API.md §6 over HTTP: roles, normalisation, the categories, the history, and every kind of bad input. */
class ConsentApiTest extends HubIntegrationTest {

    private static final String ANALYST = "Basic " + Base64.getEncoder().encodeToString("analyst:analyst-password"
            .getBytes(StandardCharsets.UTF_8));

    @Autowired
    ConsentStore store;

    @Autowired
    AsciiEmailDomains migration;

    @Autowired
    DataSource dataSource;

    private HttpResponse<String> optOut(String channel, String body, String key) {
        return post("/api/v1/consent/" + channel + "/opt-out", "application/json", body, "Authorization",
                "Bearer " + key);
    }

    private HttpResponse<String> optIn(String channel, String body) {
        return post("/api/v1/consent/" + channel + "/opt-in", "application/json", body, "Authorization",
                "Bearer " + OPS_KEY);
    }

    private JsonNode state(String channel, String address) {
        HttpResponse<String> response = get("/api/v1/consent/" + channel + "/" + URLEncoder.encode(address,
                StandardCharsets.UTF_8).replace("+", "%20"), "Authorization", "Bearer " + OPS_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    @Test
    void optOutsStoredBeforeDomainsWereAsciiStillStopTheMailAfterTheMigration() throws Exception {
        // as releases before this one stored them: the domain as written
        String legacy = "INSERT INTO suppressions (channel, address, category, kind, source, reason, said_at) "
                + "VALUES ('email', ?, ?, 'opted_out', 'api', 'asked', ?)";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // as PostgreSQL keeps it, and no finer
        Timestamp dayAgo = Timestamp.from(now.minus(Duration.ofDays(1)));
        Timestamp weekAgo = Timestamp.from(now.minus(Duration.ofDays(7)));
        jdbc.sql(legacy).params("lena@exämple.com", null, dayAgo).update();
        jdbc.sql("INSERT INTO consent_history (channel, address, action, source) VALUES ('email', ?, 'opt_out', 'api')")
                .param("lena@exämple.com").update();
        // one person opted out under both spellings: one opt-out remains, as late as the later of the two
        jdbc.sql(legacy).params("max@bücher.de", "marketing", dayAgo).update();
        jdbc.sql(legacy).params("max@xn--bcher-kva.de", "marketing", weekAgo).update();
        assertThat(state("email", "lena@exämple.com").get("opted_out").asBoolean()).isFalse(); // what the migration mends

        try (Connection connection = dataSource.getConnection()) {
            migration.convert(connection);
            migration.convert(connection); // and again changes nothing
        }

        JsonNode lena = state("email", "Lena@Exämple.com");
        assertThat(lena.get("address").asText()).isEqualTo("lena@xn--exmple-cua.com");
        assertThat(lena.get("opted_out").asBoolean()).isTrue();
        assertThat(get("/api/v1/consent/email/lena%40xn--exmple-cua.com/history", "Authorization", "Bearer " + OPS_KEY)
                .body()).contains("opt_out");
        assertThat(state("email", "max@bücher.de").get("categories").toString()).isEqualTo("[\"marketing\"]");
        assertThat(jdbc.sql("SELECT said_at FROM suppressions WHERE address LIKE 'max@%'").query(Timestamp.class)
                .list()).containsExactly(dayAgo);
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions WHERE octet_length(address) <> char_length(address)")
                .query(Integer.class).single()).isZero();
    }

    private static String phone() {
        return String.format("+1555%07d", java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000));
    }

    @Test
    void theWholeStoryOverHttp() {
        String phone = phone();
        String national = "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);

        HttpResponse<String> out = optOut("sms", "{\"address\":\"" + national + "\",\"reason\":\"asked on the phone\"}",
                OPS_KEY);
        assertThat(out.statusCode()).isEqualTo(200);
        JsonNode recorded = json(out.body());
        assertThat(recorded.get("address").asText()).isEqualTo(phone);
        assertThat(recorded.get("opted_out").asBoolean()).isTrue();
        assertThat(recorded.get("reason").asText()).isEqualTo("asked on the phone");
        assertThat(recorded.get("source").asText()).isEqualTo("api");
        assertThat(recorded.get("opted_out_at").asText()).isNotBlank();

        // the check before the send reads it (SMS is in sandbox mode here: "sent" would mean it got through)
        String blocked = notify(phone, national);
        JsonNode first = await().atMost(Duration.ofSeconds(20)).until(() -> notification(blocked),
                n -> List.of("blocked", "sent").contains(n.get("status").asText()));
        assertThat(first.get("status").asText()).isEqualTo("blocked");
        assertThat(first.get("reason").asText()).isEqualTo("opted_out");

        assertThat(optIn("sms", "{\"address\":\"" + phone + "\"}").statusCode()).isEqualTo(200);
        assertThat(state("sms", national).get("opted_out").asBoolean()).isFalse();
        String sent = notify(phone, national);
        await().atMost(Duration.ofSeconds(20)).until(() -> notification(sent).get("status").asText(),
                "sent"::equals);

        JsonNode history = json(get("/api/v1/consent/sms/" + phone + "/history", "Authorization", ANALYST).body());
        assertThat(history.get("address").asText()).isEqualTo(phone);
        assertThat(history.get("history")).extracting(h -> h.get("action").asText() + "/" + h.get("source").asText()
                + "/" + h.get("actor").asText())
                .containsExactly("opt_in/api/api-key:ops-tool", "opt_out/api/api-key:ops-tool");
    }

    private String notify(String phone, String national) {
        HttpResponse<String> response = post("/api/v1/notifications", "application/json", """
                {"template":"trip_reminder","channels":["sms"],"category":"reminders",
                 "to":{"name":"Ana","phone":"%s"},
                 "data":{"charter_id":186,"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston"},
                 "driver":{"name":"Dave","phone":"+1 555 555 0188"}}}""".formatted(national), "Authorization",
                "Bearer " + CHARTER_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).get("id").asText();
    }

    private JsonNode notification(String id) {
        return json(get("/api/v1/notifications/" + id, "Authorization", "Bearer " + OPS_KEY).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 (555) 555-0199", "(555) 555-0199", "555.555.0199", "555-555-0199", "1-555-555-0199",
            "+15555550199", "tel:+1-555-555-0199", "whatsapp:+15555550199", "  +1 555 555 0199  ", "+1 555 555 0199"})
    void phonesInEveryFormatAreOneAddress(String written) {
        store.optIn("sms", "+15555550199", null, true, "test", "test");
        HttpResponse<String> out = optOut("sms", "{\"address\":\"" + written + "\"}", OPS_KEY);
        assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
        assertThat(json(out.body()).get("address").asText()).isEqualTo("+15555550199");
        assertThat(state("sms", written).get("opted_out").asBoolean()).isTrue();
        assertThat(state("sms", "+15555550199").get("opted_out").asBoolean()).isTrue();
        assertThat(state("whatsapp", written).get("opted_out").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "555", "+1 555", "+999 1234567", "not a phone", "0000000000000000000000",
            "'; DROP TABLE suppressions; --", "１２３"})
    void numbersLibphonenumberRejectsAre400NamingThem(String written) {
        HttpResponse<String> out = optOut("sms", "{\"address\":" + JSON.valueToTree(written) + "}", OPS_KEY);
        assertThat(out.statusCode()).isEqualTo(400);
        assertThat(out.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode error = json(out.body()).get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("address");
        assertThat(error.get("message").asText()).contains(written.strip().substring(0, 3)).contains("phone");
    }

    @Test
    void emailsAreTrimmedAndLowerCasedAndBadOnesAre400() {
        String local = "ana." + System.nanoTime();
        HttpResponse<String> out = optOut("email", "{\"address\":\"  " + local.toUpperCase() + "@Example.COM \","
                + "\"category\":\"marketing\"}", OPS_KEY);
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(json(out.body()).get("address").asText()).isEqualTo(local + "@example.com");
        assertThat(json(out.body()).get("categories")).extracting(JsonNode::asText).containsExactly("marketing");
        assertThat(state("email", local + "@EXAMPLE.com").get("opted_out").asBoolean()).isTrue();

        for (String bad : List.of("ana", "ana@", "Ana <ana@example.com>", "a@b.c, d@e.f", "ana@localhost")) {
            HttpResponse<String> refused = optOut("email", "{\"address\":\"" + bad + "\"}", OPS_KEY);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("must be an email address the hub can send to");
        }
        HttpResponse<String> badPath = get("/api/v1/consent/email/not-an-email", "Authorization", "Bearer " + OPS_KEY);
        assertThat(badPath.statusCode()).isEqualTo(400);
        assertThat(badPath.body()).contains("not-an-email");
    }

    @Test
    void aCategoryOptInUnderABlanketOptOutKeepsTheOthersBlocked() {
        String phone = phone();
        optOut("sms", "{\"address\":\"" + phone + "\"}", OPS_KEY);
        assertThat(optIn("sms", "{\"address\":\"" + phone + "\",\"category\":\"marketing\"}").statusCode())
                .isEqualTo(200);

        JsonNode state = state("sms", phone);
        assertThat(state.get("opted_out").asBoolean()).isTrue();
        assertThat(state.get("categories")).extracting(JsonNode::asText).containsExactly("transactional",
                "reminders");
    }

    @Test
    void aHardBounceOutranksAnOptOutAndOnlyOpsCanLiftIt() {
        String email = "gone." + System.nanoTime() + "@example.com";
        optOut("email", "{\"address\":\"" + email + "\"}", OPS_KEY);
        store.optOut(new ConsentChange("email", email, null, Suppression.SUPPRESSED, "550 5.1.1 user unknown",
                "hard_bounce", "smtp", null));
        JsonNode bounced = state("email", email);
        assertThat(bounced.get("suppressed").asBoolean()).isTrue();
        assertThat(bounced.get("source").asText()).isEqualTo("hard_bounce");

        // a person's opt-in (a keyword, a preference) cannot bring a dead mailbox back
        assertThat(store.optIn("email", email, null, false, "sms_keyword", "twilio")).isZero();
        assertThat(state("email", email).get("opted_out").asBoolean()).isTrue();
        // ops can, after checking
        assertThat(optIn("email", "{\"address\":\"" + email + "\"}").statusCode()).isEqualTo(200);
        assertThat(state("email", email).get("opted_out").asBoolean()).isFalse();

        JsonNode history = json(get("/api/v1/consent/email/" + email + "/history", "Authorization",
                "Bearer " + OPS_KEY).body()).get("history");
        assertThat(history).extracting(h -> h.get("action").asText() + "/" + h.get("source").asText())
                .containsExactly("opt_in/api", "opt_out/hard_bounce", "opt_out/api");
    }

    @Test
    void rolesDecideWhoWritesAndWhoReads() {
        String phone = phone();
        String body = "{\"address\":\"" + phone + "\",\"reason\":\"form\"}";
        // publishers and ops record; analysts do not
        assertThat(optOut("sms", body, CHARTER_KEY).statusCode()).isEqualTo(200);
        assertThat(optOut("sms", body, OPS_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> analyst = post("/api/v1/consent/sms/opt-out", "application/json", body,
                "Authorization", ANALYST);
        assertThat(analyst.statusCode()).isEqualTo(403);
        assertThat(analyst.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // ops and analysts read; publishers do not
        assertThat(get("/api/v1/consent/sms/" + phone, "Authorization", "Bearer " + OPS_KEY).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/consent/sms/" + phone, "Authorization", ANALYST).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/consent/sms/" + phone, "Authorization", "Bearer " + CHARTER_KEY).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/consent/sms/" + phone + "/history", "Authorization", "Bearer " + CHARTER_KEY)
                .statusCode()).isEqualTo(403);
        // nobody anonymous
        assertThat(post("/api/v1/consent/sms/opt-out", "application/json", body).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/consent/sms/" + phone).statusCode()).isEqualTo(401);
        // the same opt-out twice is one change
        assertThat(jdbc.sql("SELECT count(*) FROM consent_history WHERE address = ?").param(phone)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void badRequestsAreClearProblems() {
        String phone = phone();
        HttpResponse<String> fax = optOut("fax", "{\"address\":\"" + phone + "\"}", OPS_KEY);
        assertProblem(fax, 400, "channel");
        assertThat(fax.body()).contains("{\"field\":\"channel\",\"message\":\"must be one of sms, whatsapp, email\"}");
        assertProblem(optOut("sms", "{\"reason\":\"no address\"}", OPS_KEY), 400, "address");
        assertProblem(optOut("sms", "{\"address\":\"" + phone + "\",\"category\":\"everything\"}", OPS_KEY), 400,
                "category");
        assertProblem(optOut("sms", "{\"address\":12345}", OPS_KEY), 400, "address");
        // a misspelt category ignored would stop every category, the customer's booking messages too
        assertProblem(optOut("sms", "{\"address\":\"" + phone + "\",\"categroy\":\"marketing\"}", OPS_KEY), 400,
                "categroy");
        assertProblem(optIn("sms", "{\"adress\":\"" + phone + "\"}"), 400, "adress");
        assertProblem(optOut("sms", "{\"address\":\"" + phone + "\",\"reason\":\"" + "x".repeat(501) + "\"}",
                OPS_KEY), 400, "reason");
        assertProblem(optOut("sms", "{\"address\":", OPS_KEY), 400, null);
        assertProblem(optOut("sms", "[\"" + phone + "\"]", OPS_KEY), 400, null);
        assertProblem(optOut("sms", "", OPS_KEY), 400, null);
        assertProblem(optOut("sms", "{\"address\":\"" + phone + "\",\"reason\":\"" + "x".repeat(300_000) + "\"}",
                OPS_KEY), 413, null);
        assertProblem(post("/api/v1/consent/sms/opt-out", "application/x-www-form-urlencoded", "address=" + phone,
                "Authorization", "Bearer " + OPS_KEY), 415, null);
        assertProblem(get("/api/v1/consent/fax/" + phone, "Authorization", "Bearer " + OPS_KEY), 400, "channel");
        assertProblem(get("/api/v1/consent/sms/%E9%28", "Authorization", "Bearer " + OPS_KEY), 400, null);
        assertThat(state("sms", phone).get("opted_out").asBoolean()).isFalse();
    }

    @Test
    void hostileTextIsStoredVerbatimAndReturnedAsData() {
        String phone = phone();
        String reason = "'; DELETE FROM suppressions; -- <script>alert(1)</script> {{ 7*7 }} \\u202e ☃";
        // a NUL is refused, naming the field (PostgreSQL cannot store it, and it is never meant)
        HttpResponse<String> nul = optOut("sms", "{\"address\":\"" + phone + "\",\"reason\":\"" + reason
                + " \\u0000\"}", OPS_KEY);
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(json(nul.body()).get("errors").get(0).get("field").asText()).isEqualTo("reason");
        HttpResponse<String> out = optOut("sms", "{\"address\":\"" + phone + "\",\"reason\":\"" + reason + "\"}",
                OPS_KEY);
        assertThat(out.statusCode()).isEqualTo(200);
        String stored = json(out.body()).get("reason").asText();
        assertThat(stored).isEqualTo("'; DELETE FROM suppressions; -- <script>alert(1)</script> {{ 7*7 }} \u202e ☃");
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions").query(Integer.class).single()).isPositive();
        assertThat(out.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
    }
}
