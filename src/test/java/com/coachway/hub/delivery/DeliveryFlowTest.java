package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.coachway.hub.support.TwilioSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** A routed event all the way to the providers: Twilio (WireMock) and SMTP (GreenMail). */
class DeliveryFlowTest extends DeliveryIntegrationTest {

    @Test
    void charterConfirmedReachesWhatsAppAtTwilioAndEmailWithUnsubscribeHeaders() throws Exception {
        twilioAccepts();
        String id = "evt-" + UUID.randomUUID();

        HttpResponse<String> accepted = postEvent(event(id, "charter.confirmed", """
                {"charter_id":186,"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston South Station",
                 "dropoff":"Portland Maine","passengers":48},
                 "client":{"name":"Ana Ruiz","phone":"+1 (555) 555-1234","email":"ana@example.com"}}"""));
        assertThat(accepted.statusCode()).isEqualTo(202);

        // WhatsApp at Twilio, to the normalised number; outside the 24-hour window, so the approved template
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().size() == 1);
        LoggedRequest whatsapp = twilioRequests().get(0);
        Map<String, String> form = Forms.parse(whatsapp.getBodyAsString());
        assertThat(form).containsEntry("To", "whatsapp:+15555551234")
                .containsEntry("From", "whatsapp:+14155238886")
                .containsEntry("ContentSid", "HXb5b62575e6e4ff6129ad7c8efe1f983e")
                .containsEntry("StatusCallback", "https://hub.coachway.example/webhooks/twilio/status");
        assertThat(json(form.get("ContentVariables")).get("1").asText()).isEqualTo("Ana Ruiz");
        assertThat(json(form.get("ContentVariables")).get("2").asText()).isEqualTo("186");
        assertThat(whatsapp.getUrl()).isEqualTo(TWILIO_MESSAGES);
        assertThat(TwilioSpec.problems(whatsapp)).isEmpty();

        // and the email, with both unsubscribe headers, the unsubscribe link and the postal address
        assertThat(MAIL.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).contains("ana@example.com");
        assertThat(mail.getSubject()).isEqualTo("Confirmed: charter #186 on June 12, 2026");
        String unsubscribe = mail.getHeader("List-Unsubscribe")[0];
        assertThat(unsubscribe).matches("<https://hub\\.coachway\\.example/u/[A-Za-z0-9_-]+>");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        String link = unsubscribe.substring(1, unsubscribe.length() - 1);
        assertThat(text).contains("Pickup:     08:30 at Boston South Station").contains(link);
        assertThat(text.lines()).containsSubsequence("--",
                "CoachWay Charters, 100 Depot Road, Springfield, IL 62701, USA");
        assertThat(html).contains("<strong>#186</strong>").contains("href=\"" + link + "\"")
                .contains("100 Depot Road, Springfield");

        // the notification list shows both sent, with the provider's ids
        HttpResponse<String> list = get("/api/v1/notifications?event_id=" + id, "Authorization", "Bearer " + OPS_KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/notifications?event_id=" + id,
                "Authorization", "Bearer " + OPS_KEY).body()).get("items").findValuesAsText("status").stream()
                .allMatch("sent"::equals));
        JsonNode items = json(get("/api/v1/notifications?event_id=" + id, "Authorization", "Bearer " + OPS_KEY)
                .body()).get("items");
        assertThat(items).hasSize(2);
        JsonNode byWhatsApp = find(items, "whatsapp");
        JsonNode byEmail = find(items, "email");
        assertThat(byWhatsApp.get("provider_message_id").asText()).startsWith("SM");
        assertThat(byEmail.get("provider_message_id").asText()).isEqualTo(mail.getMessageID());
        assertThat(mail.getMessageID()).startsWith("<ntf_").endsWith("@coachway.example>");

        JsonNode full = notification(byWhatsApp.get("id").asText());
        assertThat(full.get("attempts").asInt()).isEqualTo(1);
        assertThat(full.get("events").findValuesAsText("status")).containsSubsequence("queued", "sending", "sent");

        // what each one said, for ops: the approved WhatsApp template with its values, the email as rendered (before
        // link tracking and the footer); lists leave it out
        assertThat(full.at("/content/channel").asText()).isEqualTo("whatsapp");
        assertThat(full.get("content").has("text")).isFalse();
        assertThat(full.at("/content/provider_template/id").asText()).isEqualTo("HXb5b62575e6e4ff6129ad7c8efe1f983e");
        assertThat(full.at("/content/provider_template/values")).extracting(JsonNode::asText)
                .startsWith("Ana Ruiz", "186");
        JsonNode email = notification(byEmail.get("id").asText()).get("content");
        assertThat(email.get("channel").asText()).isEqualTo("email");
        assertThat(email.get("subject").asText()).isEqualTo(mail.getSubject());
        assertThat(email.get("text").asText()).contains("Pickup:     08:30 at Boston South Station")
                .doesNotContain(link).doesNotContain("100 Depot Road");
        assertThat(email.get("html").asText()).contains("<strong>#186</strong>").doesNotContain(link);
        assertThat(items).allSatisfy(item -> assertThat(item.has("content")).isFalse());
    }

    @Test
    void aTimeInUtcReachesEachClientOnTheirOwnClock() {
        twilioAccepts();
        String madrid = uniquePhone();
        String boston = uniquePhone();
        // API.md has upstream systems send times in UTC; 13:40Z ten days from now (a delay's ETA is near)
        Instant eta = LocalDate.now(ZoneOffset.UTC).plusDays(10).atTime(13, 40).toInstant(ZoneOffset.UTC);
        for (String client : List.of("{\"name\":\"Ana\",\"phone\":\"" + madrid + "\",\"timezone\":\"Europe/Madrid\"}",
                "{\"name\":\"Bo\",\"phone\":\"" + boston + "\"}")) {
            assertThat(postEvent(event("evt-" + UUID.randomUUID(), "trip.delayed",
                    "{\"eta\":\"" + eta + "\",\"client\":" + client + "}")).statusCode()).isEqualTo(202);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().size() == 2);
        Map<String, String> pickup = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .collect(java.util.stream.Collectors.toMap(f -> f.get("To"),
                        f -> json(f.get("ContentVariables")).get("2").asText()));
        // the client who named a zone reads Madrid's time (13:40Z is 2:40 or 3:40 PM there), the other the company's
        // (New York: 8:40 or 9:40 AM), both on the clock of their locale, English as the US writes it
        DateTimeFormatter shown = DateTimeFormatter.ofPattern("h:mm a, EEEE, MMMM d", Locale.ENGLISH);
        assertThat(pickup).containsEntry("whatsapp:" + madrid, shown.format(eta.atZone(ZoneId.of("Europe/Madrid"))))
                .containsEntry("whatsapp:" + boston, shown.format(eta.atZone(ZoneId.of("America/New_York"))));
        assertThat(pickup.get("whatsapp:" + madrid)).matches("[23]:40 PM, .*");
    }

    @Test
    void aDelayReportedAgainAsItWasReachesTheClientOnceAndANewEtaAgain() {
        twilioAccepts();
        String phone = uniquePhone();
        Instant eta = LocalDate.now(ZoneOffset.UTC).plusDays(10).atTime(13, 40).toInstant(ZoneOffset.UTC);
        String delay = "{\"charter_id\":42,\"eta\":\"%s\",\"client\":{\"name\":\"Bo\",\"phone\":\"" + phone
                + "\"}}";
        // dispatch reports the delay, then the same again on its next sweep, then a later eta
        List<Instant> reports = List.of(eta, eta, eta.plus(Duration.ofMinutes(25)));
        for (int i = 0; i < reports.size(); i++) {
            assertThat(postEvent(event("evt-" + UUID.randomUUID(), "trip.delayed", delay.formatted(reports.get(i))))
                    .statusCode()).isEqualTo(202);
            long handled = i + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM notifications WHERE"
                    + " phone = ? AND status NOT IN ('queued', 'sending')").param(phone).query(Long.class).single(),
                    count -> count == handled);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().size() == 2);
        DateTimeFormatter shown = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);
        assertThat(twilioRequests()).map(r -> json(Forms.parse(r.getBodyAsString()).get("ContentVariables"))
                .get("2").asText()).satisfiesExactlyInAnyOrder(
                        time -> assertThat(time).startsWith(shown.format(eta.atZone(ZoneId.of("America/New_York")))),
                        time -> assertThat(time).startsWith(shown.format(eta.plus(Duration.ofMinutes(25))
                                .atZone(ZoneId.of("America/New_York")))));
        assertThat(jdbc.sql("SELECT reason FROM notifications WHERE phone = ? AND status = 'cancelled'").param(phone)
                .query(String.class).list()).containsExactly("duplicate");
    }

    @Test
    void aClientWhoGaveOnlyAPhoneHearsOfTheSplitTheCancellationAndTheirChangeRequestBySms() {
        twilioAccepts();
        String phone = uniquePhone();
        LocalDate trip = LocalDate.now(ZoneId.of("America/New_York")).plusDays(10);
        String client = "{\"name\":\"Sam Lee\",\"phone\":\"" + phone + "\"}";
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "charter.split", "{\"charter_id\":\"610\",\"client\":"
                + client + ",\"legs\":[{\"charter_id\":\"610-1\"},{\"charter_id\":\"610-2\"}]}")).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(phone).size() == 1);
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "charter.cancelled", "{\"charter_id\":\"610\","
                + "\"client\":" + client + ",\"reason\":\"the group postponed\",\"trip\":{\"date\":\"" + trip
                + "\",\"pickup\":\"Salem Depot\"}}")).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(phone).size() == 2);
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "change.case.rejected", "{\"case_number\":\"CR-88\","
                + "\"charter_id\":\"610\",\"title\":\"Add a stop in Lynn\",\"reason\":\"the route runs past the"
                + " driver's hours\",\"client\":" + client + "}")).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(phone).size() == 3);
        assertThat(smsTo(phone)).containsExactly("CoachWay: to carry everyone on charter #610, it will travel in 2"
                + " coaches (#610-1, #610-2). Nothing changes for you: same price, same times. Questions? Reply to this"
                + " message.",
                "CoachWay: your charter #610 on "
                        + DateTimeFormatter.ofPattern("EEE MMM d", Locale.ENGLISH).format(trip)
                        + " from Salem Depot has been cancelled: the group postponed. Not expected, or want another"
                        + " date? Reply to this message.",
                "CoachWay: we could not approve change request CR-88 for charter #610 (Add a stop in Lynn): the route"
                        + " runs past the driver's hours. Your booking stays as it was. Reply to this message to talk"
                        + " about other options.");
    }

    /** The texts Twilio was asked to send to {@code phone} by SMS, in the order asked. */
    private static List<String> smsTo(String phone) {
        return twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> phone.equals(form.get("To"))).map(form -> form.get("Body")).toList();
    }

    @Test
    void theFreeTextGoesOutInsideTheWindowAndSmsWhenThereIsNoWhatsAppBody() throws Exception {
        twilioAccepts();
        String phone = "+15555550142";
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();

        String inWindow = notify(request("charter_confirmed", "[\"whatsapp\",\"sms\"]",
                "{\"name\":\"Ana\",\"phone\":\"(555) 555-0142\"}",
                "{\"charter_id\":7,\"trip\":{\"date\":\"2026-06-12\",\"pickup_time\":\"08:30\",\"pickup\":\"Boston\","
                        + "\"dropoff\":\"Portland\",\"passengers\":20}}"));
        String noWhatsAppBody = notify(request("recovery_contact", "[\"whatsapp\",\"sms\"]",
                "{\"name\":\"Dave\",\"phone\":\"555-555-0143\"}",
                "{\"charter_id\":7,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+1 555 555 0100\"}"));

        awaitStatus(inWindow, "sent");
        awaitStatus(noWhatsAppBody, "sent");
        List<Map<String, String>> forms = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .toList();
        assertThat(forms).anySatisfy(f -> assertThat(f).containsEntry("To", "whatsapp:+15555550142")
                .doesNotContainKey("ContentSid")
                .hasEntrySatisfying("Body", body -> assertThat(body).contains("charter #7 is confirmed")));
        assertThat(forms).anySatisfy(f -> assertThat(f).containsEntry("To", "+15555550143")
                .containsEntry("From", "+15005550006")
                .hasEntrySatisfying("Body", body -> assertThat(body).startsWith("CoachWay dispatch: Dave")));
        assertThat(notification(noWhatsAppBody).get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("has no whatsapp body"));
        // the notification shows the very text that reached Twilio, on the channel that carried it
        String texted = forms.stream().filter(f -> "+15555550143".equals(f.get("To"))).findFirst().orElseThrow()
                .get("Body");
        JsonNode said = notification(noWhatsAppBody).get("content");
        assertThat(said.get("channel").asText()).isEqualTo("sms");
        assertThat(said.get("text").asText()).isEqualTo(texted);
        assertThat(notification(inWindow).at("/content/text").asText()).contains("charter #7 is confirmed");
        twilioRequests().forEach(r -> assertThat(TwilioSpec.problems(r)).isEmpty());
    }

    @Test
    void noAddressOnAnyChannelIsBlockedAndReachesNoProvider() {
        String id = notify(
                request("quote_sent", "[\"email\",\"sms\"]", "{\"name\":\"Ana\",\"email\":\"ana@x.example\"}",
                        "{\"charter_id\":1}"));
        jdbc.sql("UPDATE notifications SET recipient = '{\"name\":\"Ana\"}', email = NULL WHERE id = ?").param(id)
                .update();
        // (the API refuses a recipient without addresses; a routed event can name one with none its rule can use)
        String routed = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(routed, "trip.reminder",
                "{\"client\":{\"name\":\"No Phone\",\"email\":\"nophone@x.example\"}}")).statusCode())
                .isEqualTo(202);

        JsonNode blocked = await().atMost(Duration.ofSeconds(20)).until(() -> json(get(
                "/api/v1/notifications?event_id=" + routed, "Authorization", "Bearer " + OPS_KEY).body())
                .get("items"), items -> items.size() == 1 && "blocked".equals(items.get(0).get("status").asText()))
                .get(0);
        assertThat(blocked.get("reason").asText()).isEqualTo("no_address");
        // none was given: ops look at the event's data, not for a typo in a number
        assertThat(notification(blocked.get("id").asText()).get("events").findValuesAsText("detail"))
                .contains("skipped sms: no phone number");
        assertThat(twilioRequests()).isEmpty();
    }

    private static JsonNode find(JsonNode items, String channel) {
        for (JsonNode item : items) {
            if (channel.equals(item.path("channel").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + channel + " notification in " + items);
    }
}
