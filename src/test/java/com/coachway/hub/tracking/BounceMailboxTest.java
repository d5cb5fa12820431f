package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.BounceInbox;
import com.coachway.hub.support.BounceMails;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.fasterxml.jackson.databind.JsonNode;

/** The bounce mailbox over IMAP (GreenMail): DSNs and complaints dropped into it reach the notifications. */
class BounceMailboxTest extends DeliveryIntegrationTest {

    static final BounceInbox BOUNCES = BounceInbox.start();

    @Autowired
    BounceMailbox mailbox;

    @DynamicPropertySource
    static void bounceMailbox(DynamicPropertyRegistry registry) {
        BOUNCES.register(registry);
    }

    @AfterAll
    static void stopImap() {
        BOUNCES.stop();
    }

    /** Sends a quote email and returns (notification id, Message-ID as sent). */
    private String[] sentQuote(String email) {
        return sentQuote("[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + email + "\"}");
    }

    private String[] sentQuote(String channels, String to) {
        String id = notify(request("quote_sent", channels, to, """
                {"charter_id":186,"trip":{"pickup":"Boston","dropoff":"Portland","date":"2026-06-12","passengers":48},
                 "quote":{"total":"2,450.00","currency":"USD","valid_until":"2026-05-01",
                 "url":"https://coachway.example/q/186"}}"""));
        JsonNode sent = awaitStatus(id, "sent");
        return new String[]{id, sent.get("provider_message_id").asText()};
    }

    private static void drop(String mail) {
        BOUNCES.drop(mail);
    }

    /** The bounce filed for a notification (or, with {@code byRecipient}, for an address), once it is there. */
    private Map<String, Object> filed(String value, boolean byRecipient) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("""
                SELECT * FROM bounce_messages
                WHERE (NOT :byRecipient AND notification_id = :value) OR (:byRecipient AND recipient = :value)
                ORDER BY id DESC""").param("value", value).param("byRecipient", byRecipient).query().listOfRows()
                .stream().findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private JsonNode consent(String email) {
        return json(get("/api/v1/consent/email/" + email, "Authorization", "Bearer " + OPS_KEY).body());
    }

    @Test
    void aHardBounceEndsTheEmailAsBouncedAndSuppressesTheAddress() throws Exception {
        String email = uniqueEmail();
        String[] quote = sentQuote(email);
        drop(BounceMails.dsn(email, quote[1], "failed", "5.1.1",
                "550 5.1.1 <" + email + ">: Recipient address rejected: User unknown in virtual mailbox table"));

        JsonNode bounced = awaitStatus(quote[0], "bounced");
        assertThat(bounced.get("error_code").asText()).isEqualTo("5.1.1");
        assertThat(bounced.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith("hard bounce 5.1.1"));
        JsonNode state = consent(email);
        assertThat(state.get("suppressed").asBoolean()).isTrue();
        assertThat(state.get("source").asText()).isEqualTo("hard_bounce");
        assertThat(filed(quote[0], false)).containsEntry("kind", "hard");

        // and the next email to the address is never sent
        assertThat(awaitStatus(sentOrBlocked(email), "blocked").get("reason").asText()).isEqualTo("suppressed");
    }

    private String sentOrBlocked(String email) {
        return notify(request("quote_sent", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + email + "\"}", """
                {"charter_id":187,"trip":{"pickup":"Boston","dropoff":"Portland","date":"2026-06-12","passengers":48},
                 "quote":{"total":"2,450.00","currency":"USD","valid_until":"2026-05-01",
                 "url":"https://coachway.example/q/187"}}"""));
    }

    @Test
    void aQuoteWhoseEmailBouncesGoesOutOnTheNextChannel() throws Exception {
        twilioAccepts();
        String email = uniqueEmail();
        String phone = uniquePhone();
        String[] quote = sentQuote("[\"email\",\"sms\"]", "{\"name\":\"Ana\",\"email\":\"" + email
                + "\",\"phone\":\"" + phone + "\"}");
        drop(BounceMails.dsn(email, quote[1], "failed", "5.1.1",
                "550 5.1.1 <" + email + ">: Recipient address rejected: User unknown in virtual mailbox table"));

        await().atMost(Duration.ofSeconds(15)).until(() -> twilioRequests().size() == 1);
        JsonNode sms = awaitStatus(quote[0], "sent");
        assertThat(sms.get("channel").asText()).isEqualTo("sms");
        assertThat(Forms.parse(twilioRequests().get(0).getBodyAsString())).containsEntry("To", phone)
                .extractingByKey("Body").asString()
                .startsWith("CoachWay: your quote Q-186 for Jun 12 is ready: USD 2,450.00.");
        assertThat(sms.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith(
                "email not delivered: hard bounce 5.1.1") && d.endsWith("trying the next channel"));
        assertThat(consent(email).get("suppressed").asBoolean()).isTrue();
        assertThat(filed(quote[0], false)).containsEntry("kind", "hard");
    }

    @Test
    void aSoftBounceIsNotedAndSuppressesNothing() throws Exception {
        String email = uniqueEmail();
        String[] quote = sentQuote(email);
        drop(BounceMails.dsn(email, quote[1], "delayed", "4.2.2", "452 4.2.2 Mailbox full"));

        assertThat(filed(quote[0], false)).containsEntry("kind", "soft").containsEntry("status_code",
                "4.2.2");
        JsonNode notification = notification(quote[0]);
        assertThat(notification.get("status").asText()).isEqualTo("sent");
        assertThat(notification.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith(
                "soft bounce 4.2.2"));
        assertThat(consent(email).get("opted_out").asBoolean()).isFalse();
    }

    @Test
    void aPolicyRejectionIsHeldForReviewNotSuppressed() throws Exception {
        String email = uniqueEmail();
        String[] quote = sentQuote(email);
        drop(BounceMails.dsn(email, quote[1], "failed", "5.7.1", "550 5.7.1 Message rejected as spam"));

        assertThat(awaitStatus(quote[0], "bounced").get("error_code").asText()).isEqualTo("5.7.1");
        assertThat(filed(quote[0], false)).containsEntry("kind", "review");
        assertThat(consent(email).get("opted_out").asBoolean()).isFalse();
    }

    @Test
    void aComplaintOptsTheAddressOutOfMarketing() throws Exception {
        String email = uniqueEmail();
        String[] quote = sentQuote(email);
        drop(BounceMails.complaint(email, quote[1]));

        assertThat(filed(quote[0], false)).containsEntry("kind", "complaint");
        JsonNode state = consent(email);
        assertThat(state.get("categories")).extracting(JsonNode::asText).containsExactly("marketing", "reminders");
        assertThat(state.get("source").asText()).isEqualTo("complaint");
    }

    @Test
    void mailThatIsNotAReportOrMatchesNothingIsKeptForOps() throws Exception {
        String stranger = uniqueEmail();
        drop(BounceMails.dsn(stranger, "<someone-else@elsewhere.example>", "failed", "5.1.1", "550 no such user"));
        Map<String, Object> unmatched = filed(stranger, true);
        assertThat(unmatched).containsEntry("kind", "unmatched");
        assertThat(new String((byte[]) unmatched.get("raw"), StandardCharsets.UTF_8)).contains(stranger);
        assertThat(consent(stranger).get("opted_out").asBoolean()).isFalse();

        String reply = "From: " + stranger + "\r\nTo: bounces@coachway.example\r\nSubject: Re: my quote "
                + stranger + "\r\n\r\nCan I change the date?\r\n";
        drop(reply);
        Map<String, Object> kept = await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "SELECT * FROM bounce_messages WHERE kind = 'unparseable' AND convert_from(raw, 'UTF8') LIKE ?")
                .param("%" + stranger + "%").query().listOfRows().stream().findFirst().orElse(null),
                java.util.Objects::nonNull);
        assertThat(kept.get("note").toString()).contains("not a delivery status notification");
    }

    @Test
    void theSameMailReadTwiceIsFiledOnce() {
        String email = uniqueEmail();
        String[] quote = sentQuote(email);
        String mail = BounceMails.dsn(email, quote[1], "failed", "5.1.1", "550 5.1.1 unknown");
        assertThat(mailbox.receive(mail.getBytes(StandardCharsets.UTF_8))).isEqualTo("hard");
        assertThat(mailbox.receive(mail.getBytes(StandardCharsets.UTF_8))).isEqualTo("duplicate");
        assertThat(jdbc.sql("SELECT count(*) FROM bounce_messages WHERE notification_id = ?").param(quote[0])
                .query(Integer.class).single()).isEqualTo(1);
    }
}
