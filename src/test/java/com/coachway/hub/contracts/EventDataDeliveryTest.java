package com.coachway.hub.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * API.md §2a, end to end: for every event type with a notifying rule, the required fields alone and every field
 * both reach the providers as complete messages: no blank, no None or null, no unrendered {{ or {%.
 */
@TestPropertySource(properties = {"hub.rate.sms=200", "hub.rate.whatsapp=200", "hub.rate.email=200",
        "hub.escalation.manager.name=Priya Shah", "hub.escalation.manager.phone=+15555550199",
        "hub.escalation.manager.email=duty.manager@coachway.example"})
class EventDataDeliveryTest extends DeliveryIntegrationTest {

    // what a blank, a missing value or an unrendered template leaves in a message
    private static final List<Pattern> BROKEN = List.of(Pattern.compile("\\{\\{|\\{%|%}|}}"),
            Pattern.compile("\\b(null|None|undefined)\\b"), Pattern.compile("#\\s|#$|#\\.|\\(\\s*\\)"),
            Pattern.compile("\\s[,.;:]\\s|\\s[,.;]$"), Pattern.compile("(?m):[ \\t]*$"),
            // a sentence that starts with the sender's words in lower case ("after 3 attempts. off route.")
            Pattern.compile("[.!?] [a-z]"),
            // the sender's full stop and the template's ("Reason: The venue changed its hours..")
            Pattern.compile("(?<!\\.)\\.\\.(?!\\.)|[!?]\\."));

    static Stream<Arguments> events() {
        String trip = "\"trip\":{\"date\":\"" + TRIP_DATE
                + "\",\"pickup_time\":\"08:30\",\"pickup\":\"Boston South Station\","
                + "\"dropoff\":\"Portland Maine\",\"passengers\":48}";
        String driver = "\"driver\":{\"name\":\"Dave Moreno\",\"phone\":\"+1 555 555 0188\"}";
        // a delay's new arrival time is near (at most a month ahead)
        String eta = OffsetDateTime.now(ZoneOffset.ofHours(-4)).plusDays(10).withHour(9).withMinute(10)
                .truncatedTo(ChronoUnit.MINUTES).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return Stream.of(
                Arguments.of("charter.quote.sent", "{\"charter_id\":186,\"client\":%R}",
                        "{\"charter_id\":186,\"client\":%R,\"quote_url\":\"https://coachway.example/q/186\","
                                + "\"quote\":{\"total\":2450,\"currency\":\"USD\",\"valid_until\":\"2027-05-01\"},"
                                + trip + "}"),
                Arguments.of("charter.confirmed", "{\"charter_id\":186,\"client\":%R}",
                        "{\"charter_id\":186,\"client\":%R," + trip + "}"),
                Arguments.of("charter.split", "{\"charter_id\":204,\"client\":%R}",
                        "{\"charter_id\":204,\"client\":%R,\"legs\":[{\"charter_id\":\"204-1\",\"date\":\"2027-07-03\","
                                + "\"pickup\":\"Chicago\",\"dropoff\":\"Milwaukee\",\"passengers\":56},"
                                + "{\"charter_id\":\"204-2\"}]}"),
                Arguments.of("charter.cancelled", "{\"charter_id\":186,\"client\":%R}",
                        "{\"charter_id\":186,\"client\":%R,\"reason\":\"at your request.\"," + trip + "}"),
                Arguments.of("trip.reminder", "{\"client\":%R}",
                        "{\"client\":%R,\"charter_id\":186," + trip + "," + driver + "}"),
                Arguments.of("trip.delayed", "{\"client\":%R,\"eta\":\"" + eta + "\"}",
                        "{\"client\":%R,\"eta\":\"" + eta + "\",\"charter_id\":186,"
                                + "\"reason\":\"Heavy traffic on I-93.\"," + driver + "}"),
                Arguments.of("payment.received", "{\"amount\":\"450.00\",\"client\":%R}",
                        "{\"amount\":450,\"client\":%R,\"charter_id\":186,\"currency\":\"USD\","
                                + "\"receipt_url\":\"https://coachway.example/r/1\","
                                + "\"received_at\":\"2027-03-02T15:04:00Z\"}"),
                Arguments.of("payment.due", "{\"amount\":\"1225.00\",\"due_date\":\"2027-05-15\",\"client\":%R}",
                        "{\"amount\":\"1225.00\",\"due_date\":\"2027-05-15\",\"client\":%R,\"charter_id\":186,"
                                + "\"currency\":\"USD\",\"pay_url\":\"https://coachway.example/pay/186\"}"),
                Arguments.of("dispatch.recovery.contact_attempted",
                        "{\"recovery_id\":\"R-1\",\"attempts\":1,\"driver\":%R}",
                        "{\"recovery_id\":\"R-1\",\"attempts\":2,\"driver\":%R,\"charter_id\":186,"
                                + "\"reason\":\"off route\",\"dispatch_phone\":\"+1 555 555 0100\","
                                + "\"manager\":{\"name\":\"Priya\",\"email\":\"p@coachway.example\"}}"),
                Arguments.of("dispatch.recovery.escalated", "{\"recovery_id\":\"R-2\",\"manager\":%R}",
                        "{\"recovery_id\":\"R-2\",\"manager\":%R,\"charter_id\":186,\"attempts\":3,"
                                + "\"reason\":\"Driver off route!\",\"dispatch_phone\":\"+1 555 555 0100\","
                                + "\"driver\":{\"name\":\"Dave Moreno\",\"phone\":\"+1 555 555 0188\"}}"),
                Arguments.of("vendor.bid.requested", "{\"bid_id\":\"B-1\",\"vendor\":%R}",
                        "{\"bid_id\":\"B-1\",\"vendor\":%R,\"charter_id\":186,\"due\":\"2027-05-20T17:00:00Z\","
                                + "\"note\":\"Luggage trailer needed\",\"url\":\"https://vendors.coachway.example/b/1\","
                                + trip + "}"),
                Arguments.of("vendor.bid.accepted", "{\"bid_id\":\"B-1\",\"vendor\":%R}",
                        "{\"bid_id\":\"B-1\",\"vendor\":%R,\"charter_id\":186,\"note\":\"A purchase order follows\","
                                + "\"url\":\"https://vendors.coachway.example/b/1\"," + trip + "}"),
                Arguments.of("vendor.bid.rejected", "{\"bid_id\":\"B-1\",\"vendor\":%R}",
                        "{\"bid_id\":\"B-1\",\"vendor\":%R,\"charter_id\":186," + trip + "}"),
                Arguments.of("vendor.compliance.expiring",
                        "{\"vendor\":%R,\"document_type\":\"certificate of insurance\","
                                + "\"expiration_date\":\"2027-04-30\"}",
                        "{\"vendor\":%R,\"document_type\":\"certificate of insurance\","
                                + "\"expiration_date\":\"2027-04-30\",\"document_number\":\"COI-118\","
                                + "\"upload_url\":\"https://vendors.coachway.example/c\"}"),
                changeCase("created"), changeCase("under_review"), changeCase("approved"), changeCase("rejected"),
                changeCase("implemented"), changeCase("cancelled"),
                Arguments.of("marketing.campaign",
                        "{\"template\":\"seasonal_offer\",\"recipients\":[%R],\"offer\":{\"percent\":15,"
                                + "\"season\":\"summer\",\"ends\":\"2027-05-31\","
                                + "\"url\":\"https://coachway.example/summer\"}}",
                        "{\"template\":\"seasonal_offer\",\"campaign_id\":\"summer-27\",\"recipients\":[%R],"
                                + "\"offer\":{\"percent\":15,\"season\":\"summer\",\"ends\":\"2027-05-31\","
                                + "\"url\":\"https://coachway.example/summer\"}}"));
    }

    private static Arguments changeCase(String state) {
        return Arguments.of("change.case." + state, "{\"case_number\":\"CHG-77\",\"client\":%R}",
                "{\"case_number\":\"CHG-77\",\"client\":%R,\"title\":\"pickup moved to 09:15\","
                        + "\"reason\":\"The venue changed its hours.\",\"charter_id\":186,\"affects_vendor\":true,"
                        + "\"vendor\":{\"name\":\"Blue Line\",\"email\":\"" + uniqueEmail() + "\"}}");
    }

    @ParameterizedTest(name = "{0}, required fields alone")
    @MethodSource("events")
    void theRequiredFieldsAloneMakeCompleteMessages(String type, String required, String everything)
            throws Exception {
        deliverAndCheck(type, required);
    }

    @ParameterizedTest(name = "{0}, every field")
    @MethodSource("events")
    void everyFieldMakesCompleteMessages(String type, String required, String everything) throws Exception {
        deliverAndCheck(type, everything);
    }

    @Test
    void theContractsOwnExamplesAreDelivered() {
        twilioAccepts();
        // API.md §1, as written there (and in the README): charter_id and client, nothing else
        String id = "evt-" + UUID.randomUUID();
        assertThat(post("/api/v1/events", "application/cloudevents+json", """
                {"specversion":"1.0","id":"%s","source":"charter-service","type":"charter.confirmed",
                 "time":"2026-03-01T10:00:00Z","subject":"charter/186","datacontenttype":"application/json",
                 "data":{"charter_id":186,"client":{"name":"Ana Ruiz","phone":"+1 (555) 555-1234",
                 "email":"ana@example.com"}}}""".formatted(id), "Authorization", "Bearer " + CHARTER_KEY)
                .statusCode()).isEqualTo(202);
        List<JsonNode> confirmed = await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf(id),
                list -> list.size() == 2 && list.stream().allMatch(n -> "sent".equals(n.get("status").asText())));
        assertThat(confirmed).extracting(n -> n.get("channel").asText()).containsExactlyInAnyOrder("whatsapp",
                "email");

        // API.md §3, as written there
        String notification = notify("""
                {"template":"payment_confirmation","channels":["whatsapp","sms"],"category":"transactional",
                 "priority":"normal","to":{"name":"Ana","phone":"+15555551234","email":"ana@example.com","locale":"en"},
                 "data":{"amount":"450.00","charter_id":186},"send_at":null}""");
        assertThat(awaitStatus(notification, "sent", "failed", "parked").get("status").asText()).isEqualTo("sent");
    }

    @Test
    void anEscalationThatNamesNoManagerReachesTheDutyManager() {
        twilioAccepts();
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "dispatch.recovery.escalated", "{\"recovery_id\":\"R-" + id + "\"}"))
                .statusCode()).isEqualTo(202);
        List<JsonNode> told = await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf(id),
                list -> list.size() == 2 && list.stream().allMatch(n -> "sent".equals(n.get("status").asText())));
        assertThat(told).extracting(n -> n.at("/to/name").asText()).containsOnly("Priya Shah");

        // the escalation the hub raises itself at the third attempt reaches the duty manager too
        String recovery = "R-" + UUID.randomUUID();
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "dispatch.recovery.contact_attempted",
                "{\"recovery_id\":\"" + recovery + "\",\"attempts\":3,\"driver\":{\"name\":\"Dave\",\"phone\":\""
                        + uniquePhone() + "\"}}"))
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                SELECT count(*) FROM notifications WHERE event_type = 'dispatch.recovery.escalated'
                  AND data->>'recovery_id' = ? AND status = 'sent' AND (phone = '+15555550199'
                  OR email = 'duty.manager@coachway.example')""").param(recovery).query(Long.class).single() == 2);
    }

    @Test
    void anEscalationWhoseReasonIsTooLongForTwilioStillReachesTheManagerCut() {
        twilioAccepts();
        String phone = uniquePhone();
        String id = "evt-" + UUID.randomUUID();
        // 2,000 characters, as the schema allows: the SMS would be about 2,100, and Twilio takes 1,600 (error 21617)
        String reason = "driver off route near exit 12 and not answering. ".repeat(41).substring(0, 2000).strip();
        assertThat(postEvent(event(id, "dispatch.recovery.escalated", "{\"recovery_id\":\"R-77\",\"reason\":\""
                + reason + "\",\"manager\":{\"name\":\"Priya Shah\",\"phone\":\"" + phone + "\"}}")).statusCode())
                .isEqualTo(202);
        // (its email twin is blocked: no address)
        JsonNode sms = await().atMost(Duration.ofSeconds(30))
                .until(() -> notificationsOf(id).stream().filter(n -> "sms".equals(n.path("channel").asText()))
                        .findFirst(), found -> found.filter(n -> "sent".equals(n.get("status").asText())).isPresent())
                .orElseThrow();

        String body = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> form.get("To").equals(phone)).findFirst().orElseThrow().get("Body");
        // what to do comes first: only the reason is cut
        assertThat(body).startsWith("CoachWay ESCALATION R-77: a driver is unreachable. Call dispatch now. Reason: "
                + "driver off route")
                .endsWith("...").doesNotEndWith(" ...").hasSizeBetween(1560, 1600);
        JsonNode detail = json(get("/api/v1/notifications/" + sms.get("id").asText(), "Authorization",
                "Bearer " + OPS_KEY).body());
        assertThat(detail.at("/content/text").asText()).isEqualTo(body);
        assertThat(detail.get("events").findValuesAsText("detail"))
                .anySatisfy(line -> assertThat(line).containsPattern("; text cut from 2\\d{3} to " + body.length()
                        + " characters \\(twilio's limit\\)$"));
    }

    @Test
    void anAmountSentAsAJsonNumberReadsAsMoney() throws Exception {
        twilioAccepts();
        String phone = uniquePhone();
        String email = uniqueEmail();
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "payment.received", "{\"amount\":1225.5,\"currency\":\"USD\","
                + "\"client\":{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone + "\",\"email\":\"" + email + "\"}}"))
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf(id),
                list -> list.size() == 2 && list.stream().allMatch(n -> "sent".equals(n.get("status").asText())));

        // the approved WhatsApp template's amount, and the email's text: not "1225.5"
        String variables = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> form.get("To").endsWith(phone)).findFirst().orElseThrow().get("ContentVariables");
        assertThat(json(variables).get("2").asText()).isEqualTo("$1,225.50");
        assertThat(plainTextTo(email)).contains("we received your payment of $1,225.50.");
    }

    @Test
    void aDocumentOrAPaymentWhoseDayHasGoneByIsSaidToHaveGoneBy() throws Exception {
        // an upstream that keeps warning after the day: not "expires on 1 March 2026 ... upload before that date"
        String email = uniqueEmail();
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "vendor.compliance.expiring", "{\"vendor\":{\"name\":\"Blue Line Coaches\","
                + "\"email\":\"" + email + "\"},\"document_type\":\"certificate of insurance\","
                + "\"expiration_date\":\"2026-03-01\"}")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> plainTextTo(email) != null);

        assertThat(mailTo(email).getSubject())
                .isEqualTo("Action needed: your certificate of insurance expired on Mar 1, 2026");
        assertThat(plainTextTo(email)).contains("your certificate of insurance expired on March 1, 2026.",
                "please upload the renewed document as soon as you can in the vendor portal.")
                .doesNotContain("before that date");

        // and a payment reminder sent after its day: overdue, not "is due on" a day gone by
        String payer = uniqueEmail();
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "payment.due", "{\"amount\":\"450.00\","
                + "\"due_date\":\"2026-03-01\",\"client\":{\"name\":\"Ana Ruiz\",\"email\":\"" + payer + "\"}}"))
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> plainTextTo(payer) != null);
        assertThat(mailTo(payer).getSubject()).isEqualTo("Payment overdue since March 1");
        assertThat(plainTextTo(payer)).contains("a payment of 450.00 was due on Sunday, March 1, 2026.");

        // and a quote sent after its price lapsed: not "valid until" a day gone by
        String client = uniqueEmail();
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "charter.quote.sent", "{\"charter_id\":186,"
                + "\"quote\":{\"total\":\"2450.00\",\"valid_until\":\"2026-03-01\"},"
                + "\"client\":{\"name\":\"Ana Ruiz\",\"email\":\"" + client + "\"}}")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> plainTextTo(client) != null);
        assertThat(plainTextTo(client)).contains("The price held until March 1, 2026; reply and we will renew it.")
                .doesNotContain("valid until");
    }

    @Test
    void aCodeAnUpstreamSendsForAMachineReadsAsWords() throws Exception {
        // a vendor system's document type and a dispatch system's reason code, as such systems write them
        twilioAccepts();
        String vendor = uniqueEmail();
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "vendor.compliance.expiring", "{\"vendor\":{\"name\":"
                + "\"Blue Line Coaches\",\"email\":\"" + vendor + "\"},\"document_type\":\"insurance_certificate\","
                + "\"expiration_date\":\"2031-04-30\"}")).statusCode()).isEqualTo(202);
        String phone = uniquePhone();
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "dispatch.recovery.escalated", "{\"recovery_id\":"
                + "\"R-78\",\"reason\":\"GPS_SIGNAL_LOST\",\"manager\":{\"name\":\"Priya Shah\",\"phone\":\"" + phone
                + "\"}}")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> plainTextTo(vendor) != null && twilioRequests().stream()
                .anyMatch(r -> phone.equals(Forms.parse(r.getBodyAsString()).get("To"))));

        assertThat(mailTo(vendor).getSubject())
                .isEqualTo("Action needed: your insurance certificate expires on Apr 30, 2031");
        assertThat(plainTextTo(vendor)).contains("your insurance certificate expires on April 30, 2031.")
                .doesNotContain("insurance_certificate");
        String body = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> phone.equals(form.get("To"))).findFirst().orElseThrow().get("Body");
        assertThat(body).endsWith("Reason: gps signal lost.");
    }

    @Test
    void aChangeThatAffectsTheVendorTellsTheVendorWhatItMeansForThemNotTheClient() throws Exception {
        String client = uniqueEmail();
        String vendor = uniqueEmail();
        String data = "{\"case_number\":\"CC-77\",\"charter_id\":4411,\"title\":\"Pickup moves to North Station\","
                + "\"affects_vendor\":true,\"client\":{\"name\":\"Maya Chen\",\"email\":\"" + client + "\"},"
                + "\"vendor\":{\"name\":\"Harbor Coaches\",\"email\":\"" + vendor + "\"}}";
        assertThat(postEvent(event("evt-" + UUID.randomUUID(), "change.case.implemented", data)).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> plainTextTo(client) != null && plainTextTo(vendor) != null);

        assertThat(plainTextTo(client)).contains("Hello Maya Chen,",
                "Your booking now reflects the change. Nothing else is needed from you.");
        // the coach operator has work to do: not "nothing else is needed from you"
        assertThat(plainTextTo(vendor)).contains("Hello Harbor Coaches,",
                "Change request CC-77 for charter #4411 (Pickup moves to North Station) has been carried out.",
                "please make sure your driver and dispatch work from it.")
                .doesNotContain("Your booking", "Nothing else is needed");
    }

    @Test
    void aBidsDueTimeSaysWhichClockItIsOn() throws Exception {
        // a partner elsewhere would read a bare "12:00" as their own noon, three hours late in California
        String office = uniqueEmail();
        String west = uniqueEmail();
        for (String vendor : List.of("{\"name\":\"Bay Coaches\",\"email\":\"" + office + "\"}",
                "{\"name\":\"Sierra Coaches\",\"email\":\"" + west + "\",\"timezone\":\"America/Los_Angeles\"}")) {
            assertThat(postEvent(event("evt-" + UUID.randomUUID(), "vendor.bid.requested", "{\"bid_id\":\"B-9\","
                    + "\"vendor\":" + vendor + ",\"due\":\"2027-01-20T17:00:00Z\"}")).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> plainTextTo(office) != null && plainTextTo(west) != null);

        // the company's clock when the vendor gave none, theirs when they did, each named
        assertThat(plainTextTo(office))
                .contains("Please submit your bid by January 20, 2027, 12:00 PM EST by replying");
        assertThat(plainTextTo(west)).contains("Please submit your bid by January 20, 2027, 9:00 AM PST by replying");
    }

    @Test
    void aClientWithASpanishLocaleReadsTheEnglishTemplatesDatesInEnglish() throws Exception {
        twilioAccepts();
        String phone = uniquePhone();
        String email = uniqueEmail();
        String client = "{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone + "\",\"email\":\"" + email
                + "\",\"locale\":\"es-ES\",\"timezone\":\"Europe/Madrid\"}";
        String due = "evt-" + UUID.randomUUID();
        String delayed = "evt-" + UUID.randomUUID();
        LocalDate dueDate = LocalDate.now(ZoneOffset.UTC).plusDays(40);
        assertThat(postEvent(event(due, "payment.due",
                "{\"amount\":\"1225.50\",\"currency\":\"EUR\",\"due_date\":\"" + dueDate + "\",\"client\":"
                        + client + "}"))
                .statusCode()).isEqualTo(202);
        Instant eta = LocalDate.now(ZoneOffset.UTC).plusDays(10).atTime(7, 10).toInstant(ZoneOffset.UTC);
        assertThat(postEvent(event(delayed, "trip.delayed",
                "{\"eta\":\"" + eta + "\",\"client\":" + client + "}")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(notificationsOf(due), notificationsOf(delayed)),
                lists -> lists.stream().flatMap(List::stream).filter(n -> "sent".equals(n.get("status").asText()))
                        .count() == 2);

        // the templates are English: an English month and day in them, never "sábado 15 mayo", in the order
        // English is written in Spain (CLDR's en-ES: month first)
        assertThat(plainTextTo(email)).contains("a payment of €1,225.50 is due on "
                + DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH).format(dueDate) + ".");
        assertThat(plainTextTo(email)).doesNotContain(
                DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.forLanguageTag("es")).format(dueDate));
        String variables = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> form.get("To").endsWith(phone)).findFirst().orElseThrow().get("ContentVariables");
        // and the time of day as CLDR's en-ES reads it
        assertThat(json(variables).get("2").asText()).isEqualTo(DateTimeFormatter.ofPattern("h:mm a, EEEE, MMMM d",
                Locale.ENGLISH).format(eta.atZone(ZoneId.of("Europe/Madrid"))));
    }

    @Test
    void aSpanishTemplatesEmailIsSpanishDownToItsFooterAndTheUnsubscribePageBehindIt() throws Exception {
        String name = "es_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String email = uniqueEmail();
        HttpResponse<String> made = post("/api/v1/templates", "application/json", """
                {"name":"NAME","category":"transactional","language":"es",
                 "email":{"subject":"Su viaje del {{ date | date('d MMMM') }}",
                  "html":"<p>Hola {{ recipient.name }}</p>",
                  "text":"Hola {{ recipient.name }}, su viaje es el {{ date | date('EEEE d MMMM') }}."}}"""
                .replace("NAME", name), "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes()));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        HttpResponse<String> accepted = post("/api/v1/notifications", "application/json", """
                {"template":"NAME","channels":["email"],"to":{"name":"Ana","email":"EMAIL","locale":"es-MX"},
                 "data":{"date":"2027-06-12"}}""".replace("NAME", name).replace("EMAIL", email), "Authorization",
                "Bearer " + CHARTER_KEY);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json(accepted.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(
                () -> json(get("/api/v1/notifications/" + id, "Authorization", "Bearer " + OPS_KEY).body()),
                n -> "sent".equals(n.get("status").asText()));

        // the words the hub adds below the template are in its language too, not an English "Unsubscribe"
        assertThat(plainTextTo(email)).startsWith("Hola Ana, su viaje es el sábado 12 junio.")
                .containsPattern("\nDarse de baja: https?://\\S+/u/\\S+\\s*$").doesNotContain("Unsubscribe");

        // and the page the link opens speaks Spanish too, whatever language the browser it is opened in asks for
        Matcher link = Pattern.compile("https?://\\S+(/u/\\S+)").matcher(plainTextTo(email));
        assertThat(link.find()).isTrue();
        HttpResponse<String> page = get(link.group(1), "Accept-Language", "en-US,en;q=0.9");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"es\">", "<h1>Preferencias de correo</h1>",
                "<button type=\"submit\">Darse de baja</button>");
        assertThat(post(link.group(1), "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click",
                "Accept-Language", "en-US").body()).contains("<html lang=\"es\">");
    }

    /** The email that reached {@code address}, or null. */
    private static MimeMessage mailTo(String address) {
        return mailsTo(address).stream().findFirst().orElse(null);
    }

    /** The plain-text part of the email that reached {@code address}. */
    private static String plainTextTo(String address) throws Exception {
        MimeMessage mail = mailTo(address);
        if (mail == null) {
            return null;
        }
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        return null;
    }

    /** Leaves out the sends a workflow schedules for later (a trip reminder the day before the trip). */
    private static List<JsonNode> sentNow(List<JsonNode> notifications) {
        return notifications.stream().filter(n -> n.path("send_at").isNull() || n.path("send_at").isMissingNode())
                .toList();
    }

    private void deliverAndCheck(String type, String data) throws Exception {
        twilioAccepts();
        String phone = uniquePhone();
        String email = uniqueEmail();
        String recipient = "{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone + "\",\"email\":\"" + email + "\"}";
        String id = "evt-" + UUID.randomUUID();
        HttpResponse<String> response = postEvent(event(id, type, data.replace("%R", recipient)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

        List<JsonNode> notifications = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sentNow(notificationsOf(id)), list -> !list.isEmpty()
                        && list.stream()
                                .allMatch(n -> !List.of("queued", "sending").contains(n.get("status").asText())));
        assertThat(notifications).as("notifications of %s", type)
                .allSatisfy(n -> assertThat(n.get("status").asText()).as(n.toString()).isEqualTo("sent"));

        List<String> texts = new ArrayList<>();
        List<String> html = new ArrayList<>();
        for (LoggedRequest request : twilioRequests()) {
            Map<String, String> form = Forms.parse(request.getBodyAsString());
            if (form.get("To").endsWith(phone)) {
                if (form.containsKey("Body")) {
                    texts.add(form.get("Body"));
                } else {
                    json(form.get("ContentVariables")).forEach(value -> texts.add(value.asText()));
                }
            }
        }
        for (MimeMessage mail : mailsTo(email)) {
            texts.add(mail.getSubject());
            MimeMultipart parts = (MimeMultipart) mail.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                String content = (String) part.getContent();
                (part.isMimeType("text/html") ? html : texts).add(content);
            }
        }
        assertThat(texts).as("what reached the providers for %s", type).isNotEmpty();
        for (String text : texts) {
            // an optional part left out leaves no hole in the layout either
            assertThat(text).as("a message of %s", type).doesNotContainPattern("\n[ \t]*\n[ \t]*\n");
        }
        for (String page : html) {
            // nor a frame around nothing: a table or a list whose optional rows were all left out
            assertThat(page).as("the HTML of %s", type).doesNotContainPattern("<(table|ul|ol)[^>]*>\\s*</\\1>");
            texts.add(page.replaceAll("<[^>]+>", ""));
        }
        for (String text : texts) {
            assertThat(text).as("a message of %s", type).isNotBlank();
            for (Pattern broken : BROKEN) {
                assertThat(broken.matcher(text).find()).as("%s in a message of %s:%n%s", broken, type, text)
                        .isFalse();
            }
        }
    }

    private List<JsonNode> notificationsOf(String eventId) {
        HttpResponse<String> response = get("/api/v1/notifications?event_id=" + eventId, "Authorization",
                "Bearer " + OPS_KEY);
        List<JsonNode> items = new ArrayList<>();
        json(response.body()).get("items").forEach(items::add);
        return items;
    }
}
