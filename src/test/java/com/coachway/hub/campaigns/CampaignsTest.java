package com.coachway.hub.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.BounceInbox;
import com.coachway.hub.support.BounceMails;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ProviderWebhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Campaigns (API.md §2b) as a marketing system and ops meet them: a {@code marketing.campaign} with {@code send_at}
 * waits, then reaches every recipient who may be told, and its stats add up; a cancelled one sends nothing.
 */
@TestPropertySource(properties = {"hub.rate.email=1000", "hub.delivery.consumers=6"}) // the provider pace is not the point here
class CampaignsTest extends DeliveryIntegrationTest {

    private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
    private static final String ANALYST = "Basic " + Base64.getEncoder().encodeToString("analyst:analyst-password"
            .getBytes());
    private static final Pattern PIXEL = Pattern.compile("<img src=\"" + Pattern.quote(
            ProviderWebhooks.PUBLIC_BASE_URL) + "(/t/o/[A-Za-z0-9_.-]+)\"");
    private static final Pattern LINK = Pattern.compile("href=\"" + Pattern.quote(ProviderWebhooks.PUBLIC_BASE_URL)
            + "(/t/c/[A-Za-z0-9_.-]+)\"");

    // quiet hours around now on a UTC wall clock: a recipient in UTC is held, one in Kathmandu (+05:45) and the
    // default zone (New York) are not
    static final LocalTime NOW_UTC = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    static final String QUIET_FROM = NOW_UTC.minusHours(1).format(DateTimeFormatter.ofPattern("HH:mm"));
    static final String QUIET_TO = NOW_UTC.plusHours(1).format(DateTimeFormatter.ofPattern("HH:mm"));
    static final Path ROUTING = campaignsWithQuietHours();

    static final BounceInbox BOUNCES = BounceInbox.start();

    /** The shipped table, its campaign rule with quiet hours. */
    private static Path campaignsWithQuietHours() {
        try {
            String shipped = Files.readString(Path.of("config/routing.yml"));
            String rule = "category: marketing, priority: low}";
            assertThat(shipped).contains(rule);
            Path file = Files.createTempFile("routing", ".yml");
            file.toFile().deleteOnExit();
            Files.writeString(file, shipped.replace(rule, "category: marketing, priority: low,\n"
                    + "                 quiet_hours: {from: \"" + QUIET_FROM + "\", to: \"" + QUIET_TO + "\"}}"));
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void campaignSetup(DynamicPropertyRegistry registry) {
        registry.add("hub.routing.file", ROUTING::toString);
        BOUNCES.register(registry);
    }

    @AfterAll
    static void stopImap() {
        BOUNCES.stop();
    }

    /** A batch of a campaign: the seasonal offer to {@code recipients}, at {@code sendAt} (or at once). */
    private static String campaignEvent(String id, String campaign, Instant sendAt, List<ObjectNode> recipients) {
        ObjectNode data = JSON.createObjectNode().put("template", "seasonal_offer");
        if (campaign != null) {
            data.put("campaign_id", campaign);
        }
        if (sendAt != null) {
            data.put("send_at", sendAt.toString());
        }
        ArrayNode to = data.putArray("recipients");
        recipients.forEach(to::add);
        data.putObject("offer").put("percent", 15).put("season", "summer").put("ends", "2027-05-31")
                .put("url", "https://coachway.example/summer");
        return event(id, "marketing.campaign", data.toString());
    }

    private static List<ObjectNode> people(String run, int from, int to) {
        List<ObjectNode> people = new ArrayList<>();
        for (int i = from; i < to; i++) {
            people.add(JSON.createObjectNode().put("name", "Guest " + i).put("email", address(run, i)));
        }
        return people;
    }

    private static String address(String run, int i) {
        return "c" + i + "." + run + "@example.com";
    }

    private void accepted(String event) {
        HttpResponse<String> posted = postEvent(event);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    }

    private JsonNode campaign(String id) {
        HttpResponse<String> read = get("/api/v1/campaigns/" + id, "Authorization", OPS);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        return json(read.body());
    }

    private JsonNode awaitCampaign(String id, Duration atMost, java.util.function.Predicate<JsonNode> until) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> campaign(id), until::test);
    }

    private HttpResponse<String> cancel(String id, String authorization) {
        return post("/api/v1/campaigns/" + id + "/cancel", null, "", "Authorization", authorization);
    }

    private HttpResponse<String> cancelSaying(String id, String body) {
        return post("/api/v1/campaigns/" + id + "/cancel", "application/json", body, "Authorization", OPS);
    }

    /** The mails GreenMail received for this run's addresses. */
    private static List<MimeMessage> mailsOf(String run) {
        return mailsTo("." + run + "@");
    }

    private static String to(MimeMessage mail) {
        try {
            return Arrays.stream(mail.getAllRecipients()).map(Address::toString).toList().toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MimeMessage mailTo(List<MimeMessage> mails, String address) throws Exception {
        for (MimeMessage mail : mails) {
            if (to(mail).contains(address)) {
                return mail;
            }
        }
        throw new AssertionError("no mail to " + address);
    }

    private static String html(MimeMessage mail) throws Exception {
        return (String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent();
    }

    private static String first(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertThat(matcher.find()).as(html).isTrue();
        return matcher.group(1);
    }

    /** The notification made for an address, once it is there. */
    private String notificationTo(String address) {
        return await().atMost(Duration.ofSeconds(15))
                .until(() -> jdbc.sql("SELECT id FROM notifications WHERE email = ?")
                        .param(address).query(String.class).optional().orElse(null), java.util.Objects::nonNull);
    }

    @Test
    void aThousandRecipientsWaitForSendAtThenEveryoneWhoMayBeToldGetsItAndTheStatsAddUp() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "summer-" + run;
        // ten said no to email, and one has only a phone: the campaign goes by email
        for (int i = 0; i < 10; i++) {
            assertThat(post("/api/v1/consent/email/opt-out", "application/json", "{\"address\":\"" + address(run, i)
                    + "\",\"reason\":\"asked us\"}", "Authorization", "Bearer " + OPS_KEY).statusCode())
                    .isEqualTo(200);
        }
        List<ObjectNode> first = people(run, 0, 500);
        first.set(10, JSON.createObjectNode().put("name", "Phone Only").put("phone", uniquePhone()));
        // room for both batches to be taken in first on a loaded machine (12 s was too little once, with three test
        // JVMs on two cores)
        Instant sendAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);

        // two batches of one campaign (an event names at most 500)
        accepted(campaignEvent(id + "-a", id, sendAt, first));
        accepted(campaignEvent(id + "-b", id, sendAt, people(run, 500, 1000)));

        JsonNode scheduled = awaitCampaign(id, Duration.ofSeconds(20),
                c -> c.at("/stats/notifications").asLong() == 1000);
        assertThat(Instant.now()).as("the test needs the batches in before send_at").isBefore(sendAt);
        assertThat(scheduled.get("status").asText()).isEqualTo("scheduled");
        assertThat(scheduled.get("send_at").asText()).isEqualTo(sendAt.toString());
        assertThat(scheduled.at("/stats/recipients").asInt()).isEqualTo(1000);
        assertThat(scheduled.at("/stats/waiting").asInt()).isEqualTo(1000);
        assertThat(json(get("/api/v1/campaigns?status=scheduled", "Authorization", ANALYST).body())
                .findValuesAsText("id")).contains(id);
        assertThat(mailsOf(run)).isEmpty();

        JsonNode sent = awaitCampaign(id, Duration.ofSeconds(90), c -> "sent".equals(c.get("status").asText()));
        List<MimeMessage> mails = mailsOf(run);
        assertThat(mails).hasSize(989);
        for (MimeMessage mail : mails) {
            assertThat(mail.getSentDate().toInstant()).isAfterOrEqualTo(sendAt.minusSeconds(1));
        }
        MimeMessage guest = mailTo(mails, address(run, 777));
        assertThat(guest.getSubject()).isEqualTo("Guest 777, 15% off coach charters this summer");
        assertThat(html(guest)).contains("Hi Guest 777,").doesNotContain("{{");
        for (int i = 0; i < 10; i++) {
            String optedOut = address(run, i);
            assertThat(mails).noneMatch(m -> to(m).contains(optedOut));
            assertThat(notification(notificationTo(optedOut)).get("status").asText()).isEqualTo("blocked");
        }
        assertThat(sent.at("/stats/sent").asLong()).isEqualTo(989);
        assertThat(sent.at("/stats/blocked").asLong()).isEqualTo(11);

        // what recipients do: 30 open, 12 of them click, 5 others unsubscribe, 4 addresses bounce
        for (int i = 100; i < 130; i++) {
            String html = html(mailTo(mails, address(run, i)));
            assertThat(send(HttpRequest.newBuilder(uri(first(PIXEL, html))).GET().build()).statusCode())
                    .isEqualTo(200);
            if (i < 112) {
                assertThat(send(HttpRequest.newBuilder(uri(first(LINK, html))).GET().build()).statusCode())
                        .isIn(302, 303);
            }
        }
        for (int i = 200; i < 205; i++) {
            String header = mailTo(mails, address(run, i)).getHeader("List-Unsubscribe")[0];
            String path = header.substring(1, header.length() - 1).substring(ProviderWebhooks.PUBLIC_BASE_URL
                    .length());
            assertThat(post(path, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click").statusCode())
                    .isEqualTo(200);
        }
        for (int i = 300; i < 304; i++) {
            String address = address(run, i);
            String messageId = notification(notificationTo(address)).get("provider_message_id").asText();
            BOUNCES.drop(BounceMails.dsn(address, messageId, "failed", "5.1.1", "550 5.1.1 <" + address
                    + ">: User unknown"));
        }

        JsonNode stats = awaitCampaign(id, Duration.ofSeconds(20), c -> c.at("/stats/bounced").asLong() == 4
                && c.at("/stats/clicked").asLong() == 12 && c.at("/stats/unsubscribed").asLong() == 5).get("stats");
        assertThat(stats.get("recipients").asLong()).isEqualTo(1000);
        assertThat(stats.get("notifications").asLong()).isEqualTo(1000);
        assertThat(stats.get("waiting").asLong()).isZero();
        assertThat(stats.get("sent").asLong()).isEqualTo(989);
        assertThat(stats.get("delivered").asLong()).isEqualTo(985);
        assertThat(stats.get("opened").asLong()).isEqualTo(30);
        assertThat(stats.get("clicked").asLong()).isEqualTo(12);
        assertThat(stats.get("unsubscribed").asLong()).isEqualTo(5);
        assertThat(stats.get("bounced").asLong()).isEqualTo(4);
        assertThat(stats.get("blocked").asLong()).isEqualTo(11);
        assertThat(stats.get("cancelled").asLong()).isZero();
        long byStatus = 0;
        for (JsonNode count : stats.get("by_status")) {
            byStatus += count.asLong();
        }
        assertThat(byStatus).isEqualTo(1000);
        assertThat(stats.at("/by_status/bounced").asLong()).isEqualTo(4);
        assertThat(stats.at("/by_status/blocked").asLong()).isEqualTo(11);
        assertThat(stats.at("/rates/bounced").asDouble()).isEqualTo(Math.round(10_000.0 * 4 / 989) / 10_000.0);

        // a sent campaign has nothing left to cancel
        HttpResponse<String> tooLate = cancel(id, OPS);
        assertThat(tooLate.statusCode()).isEqualTo(409);
        assertThat(tooLate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(tooLate.body()).get("detail").asText()).contains("is sent");
    }

    @Test
    void aCancelledScheduledCampaignSendsNothingNotEvenItsLaterBatchesAndEachSendSaysWhy() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "autumn-" + run;
        String control = "control-" + run;
        Instant sendAt = Instant.now().plusSeconds(8);
        accepted(campaignEvent(id + "-a", id, sendAt, people(run, 0, 300)));
        accepted(campaignEvent(control, control, sendAt, people("k" + run, 0, 3)));
        awaitCampaign(id, Duration.ofSeconds(15), c -> c.at("/stats/notifications").asLong() == 300);

        // nobody else may call it off
        assertThat(cancel(id, ANALYST).statusCode()).isEqualTo(403);
        assertThat(cancel(id, "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/campaigns/" + id + "/cancel", null, "").statusCode()).isEqualTo(401);
        assertThat(cancel("no-such-campaign", OPS).statusCode()).isEqualTo(404);

        // a reason that cannot be kept cancels nothing
        assertProblem(cancelSaying(id, "{\"reasons\":\"the offer was withdrawn\"}"), 400, "reasons");
        assertProblem(cancelSaying(id, "{\"reason\":\"" + "x".repeat(501) + "\"}"), 400, "reason");
        assertThat(campaign(id).at("/stats/waiting").asLong()).isEqualTo(300);

        HttpResponse<String> cancelled = cancelSaying(id, "{\"reason\":\"  the offer was withdrawn \"}");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode campaign = json(cancelled.body());
        assertThat(campaign.get("status").asText()).isEqualTo("cancelled");
        assertThat(campaign.get("cancelled_by").asText()).isEqualTo("ops");
        assertThat(campaign.get("cancel_reason").asText()).isEqualTo("the offer was withdrawn");
        assertThat(campaign.at("/stats/cancelled").asLong()).isEqualTo(300);
        assertThat(campaign.at("/stats/waiting").asLong()).isZero();
        assertThat(notification(notificationTo(address(run, 7))).get("events").findValuesAsText("detail"))
                .contains("cancelled with campaign " + id + " by ops before it was sent: the offer was withdrawn");
        assertThat(cancel(id, OPS).statusCode()).isEqualTo(409);

        // a batch that arrives after the cancel is cancelled as it comes in
        accepted(campaignEvent(id + "-b", id, sendAt, people(run, 300, 350)));
        JsonNode late = awaitCampaign(id, Duration.ofSeconds(15), c -> c.at("/stats/cancelled").asLong() == 350);
        assertThat(late.at("/stats/recipients").asLong()).isEqualTo(350);
        assertThat(notification(notificationTo(address(run, 320))).get("events").findValuesAsText("detail"))
                .contains("cancelled with campaign " + id + " by ops before it was sent: the offer was withdrawn");

        // the control campaign of the same send time goes out; the cancelled one stays silent
        awaitCampaign(control, Duration.ofSeconds(30), c -> "sent".equals(c.get("status").asText()));
        assertThat(mailsOf("k" + run)).hasSize(3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> mailsOf(run).isEmpty());
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE campaign_id = ? AND status <> 'cancelled'")
                .param(id).query(Long.class).single()).isZero();
        assertThat(json(get("/api/v1/campaigns?status=cancelled", "Authorization", OPS).body())
                .findValuesAsText("id")).contains(id).doesNotContain(control);
    }

    @Test
    void someoneNamedTwiceInACampaignGetsItOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "twice-" + run;
        // the same address in another case in one batch, and again in a later batch of the same campaign
        List<ObjectNode> first = people(run, 0, 2);
        first.add(JSON.createObjectNode().put("name", "Guest Zero again").put("email",
                address(run, 0).toUpperCase(java.util.Locale.ROOT)));
        accepted(campaignEvent(id + "-a", id, null, first));
        accepted(campaignEvent(id + "-b", id, null, List.of(people(run, 0, 1).get(0), people(run, 2, 3).get(0))));

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsOf(run).size() == 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> mailsOf(run).size() == 3);
        for (int i = 0; i < 3; i++) {
            String address = address(run, i);
            assertThat(mailsOf(run)).as(address).filteredOn(mail -> to(mail).contains("<" + address + ">"))
                    .hasSize(1);
        }
        // within one event the first listing is sent, whichever notify consumer is first
        assertThat(jdbc.sql("SELECT recipient ->> 'name' FROM notifications WHERE campaign_id = ? AND email = ? "
                + "AND status <> 'cancelled'").params(id, address(run, 0)).query(String.class).single())
                .isEqualTo("Guest 0");
        List<String> details = jdbc.sql("""
                SELECT t.detail FROM notifications n JOIN notification_events t ON t.notification_id = n.id
                WHERE n.campaign_id = ? AND n.status = 'cancelled' AND n.reason = 'duplicate' AND t.status = 'cancelled'
                """).param(id).query(String.class).list();
        assertThat(details).containsOnlyOnce("not sent: recipients[2] of event " + id + "-a is the same person as "
                + "recipients[0], who is sent it").hasSize(2).anySatisfy(detail -> assertThat(detail)
                        .startsWith("not sent: ntf_").endsWith(" of campaign " + id + " is for the same person"));
        JsonNode campaign = awaitCampaign(id, Duration.ofSeconds(15), c -> c.at("/stats/cancelled").asLong() == 2);
        assertThat(campaign.at("/stats/recipients").asLong()).isEqualTo(5);
    }

    @Test
    void aCampaignStaysScheduledWhileItsSendsWaitThoughSomeoneNamedTwiceOrUnreachableIsSettled() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "spring-" + run;
        List<ObjectNode> list = people(run, 0, 2);
        list.add(JSON.createObjectNode().put("name", "Guest Zero again").put("email", address(run, 0)));
        list.add(JSON.createObjectNode().put("name", "Phone Only").put("phone", uniquePhone()));
        accepted(campaignEvent(id, id, Instant.now().plus(Duration.ofHours(1)), list));

        JsonNode waiting = awaitCampaign(id, Duration.ofSeconds(15), c -> c.at("/stats/notifications").asLong() == 4
                && c.at("/stats/cancelled").asLong() == 1);
        assertThat(waiting.at("/stats/waiting").asLong()).isEqualTo(waiting.at("/stats/notifications").asLong()
                - waiting.at("/stats/cancelled").asLong() - waiting.at("/stats/blocked").asLong());
        assertThat(waiting.get("status").asText()).as("nothing has left the hub").isEqualTo("scheduled");
        assertThat(json(get("/api/v1/campaigns?status=scheduled", "Authorization", OPS).body())
                .findValuesAsText("id")).contains(id);
        assertThat(mailsOf(run)).isEmpty();
        assertThat(cancel(id, OPS).statusCode()).isEqualTo(200);
    }

    @Test
    void quietHoursHoldACampaignSendInTheRecipientsZoneAndCancelStopsWhatWaits() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "night-" + run;
        ObjectNode inQuietHours = JSON.createObjectNode().put("name", "Una").put("email", address(run, 1))
                .put("timezone", "UTC");
        ObjectNode pastQuietHours = JSON.createObjectNode().put("name", "Kiran").put("email", address(run, 2))
                .put("timezone", "Asia/Kathmandu");
        accepted(campaignEvent(id, id, null, List.of(inQuietHours, pastQuietHours)));

        awaitStatus(notificationTo(address(run, 2)), "sent");
        JsonNode held = notification(notificationTo(address(run, 1)));
        assertThat(held.get("status").asText()).isEqualTo("queued");
        ZonedDateTime until = ZonedDateTime.parse(held.get("send_at").asText()).withZoneSameInstant(ZoneOffset.UTC);
        assertThat(until.toLocalTime().toString()).isEqualTo(QUIET_TO);
        assertThat(until.toInstant()).isAfter(Instant.now());
        assertThat(campaign(id).get("status").asText()).isEqualTo("sending");

        JsonNode cancelled = json(cancel(id, OPS).body());
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.at("/stats/sent").asLong()).isEqualTo(1);
        assertThat(cancelled.at("/stats/cancelled").asLong()).isEqualTo(1);
        assertThat(notification(notificationTo(address(run, 1))).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void publishersSeeOnlyTheirOwnCampaignsAndBadInputIsAClearProblem() {
        String id = "mine-" + UUID.randomUUID().toString().substring(0, 8);
        accepted(campaignEvent(id, id, Instant.now().plus(Duration.ofHours(2)), people(id, 0, 2)));
        awaitCampaign(id, Duration.ofSeconds(15), c -> c.at("/stats/notifications").asLong() == 2);

        assertThat(get("/api/v1/campaigns/" + id, "Authorization", "Bearer " + CHARTER_KEY).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/campaigns/" + id, "Authorization", "Bearer " + SALES_KEY).statusCode())
                .isEqualTo(404);
        assertThat(json(get("/api/v1/campaigns", "Authorization", "Bearer " + SALES_KEY).body())
                .findValuesAsText("id")).doesNotContain(id);
        assertThat(get("/api/v1/campaigns").statusCode()).isEqualTo(401);

        for (String query : new String[]{"status=paused", "page=-1", "size=0", "size=10000"}) {
            HttpResponse<String> refused = get("/api/v1/campaigns?" + query, "Authorization", OPS);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        // the id names a URL path: anything that could not be one is refused at intake, naming the field
        HttpResponse<String> hostile = postEvent(campaignEvent("bad-" + id, "../../admin", null, people(id, 5, 6)));
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("data.campaign_id");
        assertThat(get("/api/v1/campaigns/%2E%2E%2Fadmin", "Authorization", OPS).statusCode()).isIn(400, 404);
    }
}
