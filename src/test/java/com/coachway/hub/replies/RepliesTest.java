package com.coachway.hub.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ProviderWebhooks;
import com.coachway.hub.support.TcpProxy;
import com.coachway.hub.support.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Our texts say "Questions? Reply to this message.": a reply reaches customer care by email with what it answers, is
 * listed for ops with it, and a keyword or a webhook retry forwards nothing more.
 */
// the reconciler hands on a forward whose hand-over was lost after 3 s (the tests' retry tiers are under a second)
@TestPropertySource(properties = {"hub.delivery.reconcile.stuck-after=PT3S", "hub.schedules.reconcile-interval=500"})
class RepliesTest extends DeliveryIntegrationTest {

    private static final String CARE = "customer.care@coachway.example";
    private static final String INBOUND = "/webhooks/twilio/inbound";
    static final TcpProxy BROKER = new TcpProxy(TestInfrastructure.RABBIT_HOST, TestInfrastructure.RABBIT_PORT);

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void care(DynamicPropertyRegistry registry) {
        registry.add("hub.replies.forward-to.email", () -> CARE);
        registry.add("spring.rabbitmq.port", BROKER::port);
    }

    // restored, never closed: the context closes after this class and must find the broker
    @AfterEach
    void restoreBroker() {
        BROKER.restore();
    }

    private JsonNode inbound(String query) {
        HttpResponse<String> response = get("/api/v1/inbound-messages" + query, "Authorization", "Bearer " + OPS_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** The emails customer care received, once at least {@code count} have arrived. */
    private static List<MimeMessage> careMail(int count) {
        return mailTo(CARE, count);
    }

    private static List<MimeMessage> mailTo(String address, int count) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(address), mails -> mails.size() >= count);
    }

    private static String part(MimeMessage mail, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) mail.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            if (alternative.getBodyPart(i).isMimeType(type)) {
                return alternative.getBodyPart(i).getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    // a test's +1555… number as care reads and dials it: +1 555-…-…
    private static String dialled(String phone) {
        return "+1 " + phone.substring(2, 5) + "-" + phone.substring(5, 8) + "-" + phone.substring(8);
    }

    @Test
    void aReplyToOurSmsReachesCustomerCareWithTheMessageItAnswers() throws Exception {
        twilioAccepts();
        String phone = uniquePhone();
        String confirmation = notify(request("charter_confirmed", "[\"sms\"]",
                "{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone + "\"}", "{\"charter_id\":186}"));
        awaitStatus(confirmation, "sent");

        HttpResponse<String> reply = textFrom(phone, "Can we move the pickup to 9:00? <b>Two</b> more guests.");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");

        MimeMessage mail = careMail(1).get(0);
        assertThat(mail.getSubject()).isEqualTo("SMS reply from Ana Ruiz about charter #186");
        String text = part(mail, "text/plain");
        String dialled = dialled(phone);
        assertThat(text).contains("Ana Ruiz (" + dialled + ") wrote by SMS on ")
                .contains("Can we move the pickup to 9:00? <b>Two</b> more guests.")
                .contains("It answers our charter_confirmed message about charter #186, sent ")
                .contains("> CoachWay: your charter #186 is confirmed. Questions? Reply to this message.")
                .contains("Notification " + confirmation)
                .contains("Nothing has been sent back to them yet. Answer from the ops console, which texts them "
                        + "from our number and shows everything we sent this number and it sent us: "
                        + ProviderWebhooks.PUBLIC_BASE_URL + "/ops/#/notifications?q=%2B" + phone.substring(1))
                .contains("Or call " + dialled + ".");
        // what a customer wrote is text in the HTML part, never markup
        String html = part(mail, "text/html");
        assertThat(html).contains("&lt;b&gt;Two&lt;/b&gt; more guests").doesNotContain("<b>Two</b>");

        // ops find it by the number as people type it: a raw '+' in a URL arrives as a space
        JsonNode listed = inbound("?from=+" + phone.substring(1)).get("items");
        assertThat(listed).hasSize(1);
        JsonNode message = listed.get(0);
        assertThat(message.get("kind").asText()).isEqualTo("reply");
        assertThat(message.get("channel").asText()).isEqualTo("sms");
        assertThat(message.get("from").asText()).isEqualTo(phone);
        assertThat(message.get("replied_to").get("notification_id").asText()).isEqualTo(confirmation);
        assertThat(message.get("replied_to").get("template").asText()).isEqualTo("charter_confirmed");
        assertThat(meters.find("hub.replies").tags("channel", "sms", "forwarded", "true").counter()).isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isPositive());
        JsonNode forward = awaitStatus(message.get("forwarded_as").asText(), "sent");
        assertThat(forward.get("template").asText()).isEqualTo("customer_reply");
        assertThat(forward.get("to").get("email").asText()).isEqualTo(CARE);
        assertThat(inbound("?from=" + phone.substring(2) + "&channel=sms").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aLeadsCustomerTextingBackReachesTheLeadsAgentAndTheAgentTextingBackReachesCustomerCare() throws Exception {
        twilioAccepts();
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());
        String agentPhone = uniquePhone();
        String agentEmail = onlyAgent("Sam Ortiz", agentPhone);
        // a phone enquiry, big enough that the agent is texted as well as emailed
        String customer = uniquePhone();
        HttpResponse<String> created = post("/api/v1/leads", "application/json", """
                {"first_name":"Lena","last_name":"Park","phone":"%s","source":"phone","estimated_passengers":48}"""
                .formatted(customer), "Authorization", "Bearer " + SALES_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String lead = json(created.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT count(*) FROM notifications WHERE status = 'sent' AND channel = 'sms' AND phone IN (?, ?)""")
                .param(customer).param(agentPhone).query(Integer.class).single() == 2);

        // the customer answers our acknowledgement: the agent who has the lead reads it, as an email reply would be
        assertThat(textFrom(customer, "Can we add a stop at the church?").statusCode()).isEqualTo(200);
        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(agentEmail, 1).stream()
                .filter(m -> subject(m).startsWith("SMS reply")).findFirst(), java.util.Optional::isPresent).get();
        assertThat(mail.getSubject()).isEqualTo("SMS reply from Lena Park about your lead " + lead);
        // first why it is theirs, then what the customer wrote
        assertThat(part(mail, "text/plain").replace("\r\n", "\n"))
                .startsWith("Hi Sam Ortiz, this is about your lead " + lead + " (new), so"
                        + " it came to you rather than to customer care.\n\nLena Park (")
                .contains("Can we add a stop at the church?", "It answers our lead_acknowledgement message");

        // the agent answers the hub's text about the lead: no customer of the lead, so customer care reads it
        assertThat(textFrom(agentPhone, "Got it, calling her now").statusCode()).isEqualTo(200);
        MimeMessage care = careMail(1).get(0);
        assertThat(care.getSubject()).isEqualTo("SMS reply from Sam Ortiz");
        assertThat(part(care, "text/plain")).contains("Got it, calling her now",
                "It answers our lead_assigned message").doesNotContain("your lead");
        assertThat(mailsTo(CARE)).hasSize(1);
        // ops reading the replies see who has each already; the agent's is theirs, not waiting for customer care
        JsonNode toAgent = inbound("?from=%2B" + customer.substring(1)).at("/items/0");
        assertThat(toAgent.get("forwarded_to").asText()).isEqualTo("Sam Ortiz");
        assertThat(toAgent.at("/handled/by").asText()).isEqualTo("hub");
        assertThat(toAgent.at("/handled/note").asText())
                .isEqualTo("forwarded to Sam Ortiz, whose lead " + lead + " it is about: theirs to answer");
        assertThat(inbound("?waiting=true&from=%2B" + customer.substring(1)).get("items")).isEmpty();
        assertThat(inbound("?from=%2B" + agentPhone.substring(1)).at("/items/0/forwarded_to").asText())
                .isEqualTo("CoachWay customer care");
        assertThat(inbound("?waiting=true&from=%2B" + agentPhone.substring(1)).get("items")).hasSize(1);
        // an answer from our number (the console's Answer box)
        long customersReply = toAgent.get("id").asLong();
        HttpResponse<String> answered = post("/api/v1/inbound-messages/" + customersReply + "/answer",
                "application/json", "{\"text\":\"Yes, we can stop at the church.\"}", "Authorization", admin);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        String answer = json(answered.body()).get("id").asText();
        // whoever opens the lead reads the conversation among its activities; the agent's own text is not part of it
        JsonNode activities = json(get("/api/v1/leads/" + lead + "/activities", "Authorization", admin).body())
                .get("items");
        assertThat(activities).filteredOn(a -> List.of("customer_reply", "answer").contains(a.get("kind").asText()))
                .extracting(a -> a.get("detail").asText() + " (" + a.get("actor").asText() + ")")
                .containsExactly("SMS from the customer: \"Can we add a stop at the church?\"; forwarded to Sam Ortiz"
                        + " (customer)",
                        "answered by SMS: \"Yes, we can stop at the church.\" (" + answer + ") (admin)");
    }

    @Test
    void aClientWhoEnquiresByEmailAndThenTextsUsReachesTheLeadsAgentNotCustomerCare() throws Exception {
        twilioAccepts();
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());
        String agentEmail = onlyAgent("Kim Park", null);
        // a client we texted about last year's charter
        String customer = uniquePhone();
        awaitStatus(notify(request("charter_confirmed", "[\"sms\"]",
                "{\"name\":\"Ben Ortiz\",\"phone\":\"" + customer + "\"}", "{\"charter_id\":311}")), "sent");
        // enquires again on the web with an email too: the acknowledgement goes by email, nothing by text
        String email = "ben." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> created = post("/api/v1/leads", "application/json", """
                {"first_name":"Ben","last_name":"Ortiz","email":"%s","phone":"%s","source":"web"}"""
                .formatted(email, customer), "Authorization", "Bearer " + SALES_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String lead = json(created.body()).get("id").asText();
        mailTo(email, 1);

        // and texts our number about it: the agent who has the lead reads it, not customer care
        assertThat(textFrom(customer, "Do you have a 50-seater for the 12th?").statusCode()).isEqualTo(200);
        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(agentEmail, 1).stream()
                .filter(m -> subject(m).startsWith("SMS reply")).findFirst(), java.util.Optional::isPresent).get();
        assertThat(mail.getSubject()).isEqualTo("SMS reply from Ben Ortiz about your lead " + lead);
        // not an answer to the charter's text of last year, which is not what it is about
        assertThat(part(mail, "text/plain").replace("\r\n", "\n"))
                .startsWith("Hi Kim Park, this is about your lead " + lead + " (new), so it came to you")
                .contains("Do you have a 50-seater for the 12th?",
                        "We have texted them nothing since the enquiry came in: the number is the one on the lead.")
                .doesNotContain("charter #311");
        assertThat(mailsTo(CARE)).isEmpty();
        long reply = inbound("?from=%2B" + customer.substring(1)).at("/items/0/id").asLong();
        HttpResponse<String> answered = post("/api/v1/inbound-messages/" + reply + "/answer", "application/json",
                "{\"text\":\"Yes, Kim will call you today.\"}", "Authorization", admin);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        JsonNode activities = json(get("/api/v1/leads/" + lead + "/activities", "Authorization", admin).body())
                .get("items");
        assertThat(activities).filteredOn(a -> List.of("customer_reply", "answer").contains(a.get("kind").asText()))
                .extracting(a -> a.get("detail").asText())
                .containsExactly(
                        "SMS from the customer: \"Do you have a 50-seater for the 12th?\"; forwarded to Kim Park",
                        "answered by SMS: \"Yes, Kim will call you today.\" ("
                                + json(answered.body()).get("id").asText()
                                + ")");
    }

    @Test
    void aLeadsCustomerAnsweringATextWeSentAfterTheEnquiryAnswersThatText() throws Exception {
        twilioAccepts();
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());
        String customer = uniquePhone();
        HttpResponse<String> created = post("/api/v1/leads", "application/json", """
                {"first_name":"Eva","email":"eva.%s@example.com","phone":"%s","source":"web"}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8), customer), "Authorization",
                "Bearer " + SALES_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String lead = json(created.body()).get("id").asText();
        awaitStatus(notify(request("charter_confirmed", "[\"sms\"]",
                "{\"name\":\"Eva Stone\",\"phone\":\"" + customer + "\"}", "{\"charter_id\":312}")), "sent");

        assertThat(textFrom(customer, "Is 312 still at 9?").statusCode()).isEqualTo(200);

        assertThat(careMail(1)).extracting(MimeMessage::getSubject)
                .containsExactly("SMS reply from Eva Stone about charter #312");
        assertThat(json(get("/api/v1/leads/" + lead + "/activities", "Authorization", admin).body()).get("items"))
                .noneMatch(a -> a.get("kind").asText().equals("customer_reply"));
    }

    /** The one agent taking leads from now on (the rules of the tests before stand aside); returns their email. */
    private String onlyAgent(String name, String phone) {
        jdbc.sql("UPDATE assignment_rules SET is_active = false").update();
        String email = "agent." + UUID.randomUUID().toString().substring(0, 8) + "@coachway.example";
        HttpResponse<String> rule = post("/api/v1/assignment-rules", "application/json", """
                {"agent_id":"%s","agent_name":"%s","agent_email":"%s","agent_phone":%s,
                 "weight":1,"max_leads_per_day":100,"is_active":true}"""
                .formatted(UUID.randomUUID(), name, email, phone == null ? "null" : "\"" + phone + "\""),
                "Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes()));
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        return email;
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWhatsAppReplyQuotingOneOfOurMessagesAnswersThatOneAndAPlainReplyTheLast() throws Exception {
        twilioAccepts();
        String phone = uniquePhone();
        String to = "{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone + "\"}";
        String first = notify(request("charter_confirmed", "[\"whatsapp\"]", to, "{\"charter_id\":186}"));
        String firstSid = awaitStatus(first, "sent").get("provider_message_id").asText();
        String second = notify(request("charter_confirmed", "[\"whatsapp\"]", to, "{\"charter_id\":187}"));
        awaitStatus(second, "sent");

        // WhatsApp through Twilio names the message a reply quotes
        Map<String, String> quoting = inboundText("whatsapp:" + phone, "Is this one still on?");
        quoting.put("OriginalRepliedMessageSid", firstSid);
        quoting.put("ProfileName", "Ana R.");
        assertThat(twilioWebhook(INBOUND, quoting).statusCode()).isEqualTo(200);
        assertThat(textFrom("whatsapp:" + phone, "And what about the other?").statusCode()).isEqualTo(200);

        JsonNode items = inbound("?from=%2B" + phone.substring(1)).get("items");
        assertThat(items).extracting(i -> i.get("body").asText() + " -> " + i.get("replied_to").get("notification_id")
                .asText())
                .containsExactly("And what about the other? -> " + second, "Is this one still on? -> " + first);
        // the name on our message comes first; the one the sender set in WhatsApp is listed beside it
        assertThat(items).extracting(i -> i.path("customer_name").asText() + "/" + i.path("profile_name").asText())
                .containsExactly("Ana Ruiz/", "Ana Ruiz/Ana R.");
        assertThat(careMail(2)).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "WhatsApp reply from Ana Ruiz about charter #186", "WhatsApp reply from Ana Ruiz about charter #187");
    }

    @Test
    void keywordsAndMarketingStopsAreListedButOnlyRepliesAreForwardedAndARetriedWebhookOnce() {
        String phone = uniquePhone();
        Map<String, String> question = inboundText(phone, "Is the coach on time?");
        assertThat(twilioWebhook(INBOUND, question).statusCode()).isEqualTo(200);
        assertThat(twilioWebhook(INBOUND, question).statusCode()).isEqualTo(200); // Twilio retries it
        textFrom(phone, "HELP");
        textFrom(phone, "Stop promotions"); // a marketing stop: the hub acts on it, nobody needs to read it
        textFrom(phone, "STOP");

        JsonNode items = inbound("?from=" + phone.replace("+", "%2B")).get("items");
        assertThat(items).extracting(i -> i.get("kind").asText()).containsExactly("opt_out", "reply", "help",
                "reply");
        assertThat(items.get(0).get("keyword").asText()).isEqualTo("STOP");
        assertThat(items.get(0).has("forwarded_as")).isFalse();
        assertThat(items.get(1).has("forwarded_as")).isFalse();
        assertThat(items.get(1).at("/handled/by").asText()).isEqualTo("hub");
        assertThat(items.get(2).has("forwarded_as")).isFalse();
        // we had sent this number nothing: the reply answers nothing we know of, and still reaches a person
        assertThat(items.get(3).has("replied_to")).isFalse();
        assertThat(items.get(3).get("forwarded_as").asText()).startsWith("ntf_");

        MimeMessage mail = careMail(1).get(0);
        assertThat(mail).satisfies(m -> assertThat(m.getSubject()).isEqualTo("SMS reply from " + dialled(phone)));
        // made in the webhook's own transaction: once both answered, there is one forward or more, for good
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE template = 'customer_reply' AND "
                + "data -> 'reply' ->> 'from' = ?").param(phone).query(Integer.class).single()).isEqualTo(1);
    }

    private HttpResponse<String> whatsAppFrom(String phone, String messageId, String message) {
        return whatsAppFrom(phone, "Ana", messageId, message);
    }

    /** @param profileName the name the sender set in WhatsApp, as a JSON string's content */
    private HttpResponse<String> whatsAppFrom(String phone, String profileName, String messageId, String message) {
        return metaWebhook("""
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"1098765432"},"contacts":[{"profile":{"name":"%4$s"},"wa_id":"%1$s"}],
                 "messages":[{"from":"%1$s","id":"%2$s","timestamp":"1764931200",%3$s}]}}]}]}
                """.formatted(phone.substring(1), messageId, message, profileName));
    }

    private static String wamid() {
        return "wamid." + Base64.getEncoder().encodeToString(UUID.randomUUID().toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whatsAppRepliesThroughMetaAreForwardedAVoiceMessageDescribedAndAReactionNot() throws Exception {
        String phone = uniquePhone();
        // a number we never wrote to: care reads the name its owner set in WhatsApp (on one line), not "Someone"
        assertThat(whatsAppFrom(phone, "\\u202eHugo\\nSilva \\u0007", wamid(),
                "\"type\":\"text\",\"text\":{\"body\":\"Where do we meet the driver?\"}").statusCode())
                .isEqualTo(200);
        String voice = wamid();
        assertThat(whatsAppFrom(phone, voice, "\"type\":\"audio\",\"audio\":{\"mime_type\":\"audio/ogg; codecs=opus\","
                + "\"id\":\"1234567890\",\"voice\":true}").statusCode()).isEqualTo(200);
        assertThat(whatsAppFrom(phone, wamid(), "\"type\":\"reaction\",\"reaction\":{\"message_id\":\"" + voice
                + "\",\"emoji\":\"\\ud83d\\udc4d\"}").statusCode()).isEqualTo(200);

        JsonNode items = inbound("?channel=whatsapp&from=%2B" + phone.substring(1)).get("items");
        assertThat(items).extracting(i -> i.path("body").asText(null)).containsExactly(null, "[voice message]",
                "Where do we meet the driver?");
        assertThat(items.get(0).has("forwarded_as")).isFalse();
        assertThat(items.get(2).get("provider").asText()).isEqualTo("meta");
        assertThat(items).extracting(i -> i.path("profile_name").asText()).containsExactly("Ana", "Ana",
                "Hugo Silva");
        assertThat(items.get(2).has("customer_name")).isFalse();

        List<MimeMessage> mails = careMail(2);
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "WhatsApp reply from Hugo Silva",
                "WhatsApp reply from Ana");
        List<String> texts = new ArrayList<>();
        for (MimeMessage mail : mails) {
            texts.add(part(mail, "text/plain"));
        }
        assertThat(texts).allSatisfy(t -> assertThat(t).contains("Answer from the ops console, which texts them from "
                + "our number (on WhatsApp, within 24 hours of their message)"))
                .anySatisfy(t -> assertThat(t).contains("Hugo Silva (" + dialled(phone) + ", the name they set on "
                        + "WhatsApp) wrote by WhatsApp", "Where do we meet the driver?"))
                .anySatisfy(t -> assertThat(t).contains("[voice message]", "(Meta message " + voice + ")"));
    }

    @Test
    void aReplyThatArrivesWhileTheBrokerIsAwayIsKeptAndForwardedOnceItIsBack() {
        String phone = uniquePhone();
        BROKER.cut();

        // Twilio does not send an inbound message again: the webhook must keep it without the broker
        HttpResponse<String> reply = textFrom(phone, "Are you still coming? We are at the gate.");
        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode kept = inbound("?from=%2B" + phone.substring(1)).get("items").get(0);
        assertThat(kept.get("body").asText()).isEqualTo("Are you still coming? We are at the gate.");
        assertThat(kept.get("forwarded_as").asText()).startsWith("ntf_");

        BROKER.restore();
        MimeMessage mail = careMail(1).get(0);
        assertThat(mail).satisfies(m -> assertThat(m.getSubject()).isEqualTo("SMS reply from " + dialled(phone)));
        assertThat(awaitStatus(kept.get("forwarded_as").asText(), "sent").get("status").asText()).isEqualTo("sent");
    }

    @Test
    void theListIsForOpsAndAnalystsAndRefusesFiltersItCannotRead() {
        assertThat(get("/api/v1/inbound-messages", "Authorization", "Bearer " + CHARTER_KEY).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/inbound-messages").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/inbound-messages", "Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("analyst:analyst-password".getBytes(StandardCharsets.UTF_8))).statusCode())
                .isEqualTo(200);

        HttpResponse<String> bad = get("/api/v1/inbound-messages?channel=email&since=yesterday&size=0&kind=stop"
                + "&answered=maybe&from=" + "x".repeat(65), "Authorization", "Bearer " + OPS_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(bad.body()).get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("channel", "since", "size", "from", "kind", "answered");

        HttpResponse<String> backwards = get("/api/v1/inbound-messages?since=2026-06-02&until=2026-06-01",
                "Authorization", "Bearer " + OPS_KEY);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards.body()).get("errors").get(0).get("message").asText())
                .isEqualTo("must be later than since");
    }
}
