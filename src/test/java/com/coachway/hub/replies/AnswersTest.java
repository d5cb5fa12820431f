package com.coachway.hub.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.coachway.hub.templates.TemplateGuard;
import com.coachway.hub.templates.TemplateUsage;
import com.coachway.hub.templates.TemplateUsages;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Ops answer a customer's text from our own number, on the channel it came by: what reaches Twilio is what they
 * typed, the answer is listed under the message with its status, and what cannot be sent is refused before anything
 * is stored.
 */
class AnswersTest extends DeliveryIntegrationTest {

    private static final String ANALYST = "Basic " + Base64.getEncoder()
            .encodeToString("analyst:analyst-password".getBytes(StandardCharsets.UTF_8));

    @Autowired
    private List<TemplateUsages> senders;
    @Autowired
    private TemplateGuard guard;

    @Test
    void theHubStartsWithoutATemplateCautionForAnswersWhichGoOnlyWithinWhatsAppsDay() {
        List<TemplateUsage> usages = senders.stream().flatMap(sender -> sender.usages().stream()).toList();
        assertThat(usages).anySatisfy(usage -> assertThat(usage.template()).isEqualTo("customer_answer"));
        assertThat(guard.cautionsStored(usages)).isEmpty();
    }

    private HttpResponse<String> answer(long message, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + OPS_KEY;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post("/api/v1/inbound-messages/" + message + "/answer", "application/json", body, all);
    }

    /** What the number texted us, newest first, as ops see it. */
    private JsonNode texts(String phone) {
        HttpResponse<String> response = get("/api/v1/inbound-messages?from=%2B" + phone.substring(1),
                "Authorization", "Bearer " + OPS_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("items");
    }

    private int total(String query) {
        HttpResponse<String> response = get("/api/v1/inbound-messages" + query, "Authorization", "Bearer " + OPS_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("total").asInt();
    }

    private long latestText(String phone) {
        return texts(phone).get(0).get("id").asLong();
    }

    /** The forms Twilio received for this address ({@code +1555…} or {@code whatsapp:+1555…}), in order. */
    private static List<Map<String, String>> twilioGot(String to) {
        return twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> to.equals(form.get("To"))).toList();
    }

    private static String problemType(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return json(response.body()).get("type").asText();
    }

    private int answersStored(String phone) {
        return jdbc.sql("SELECT count(*) FROM notifications WHERE template = 'customer_answer' AND phone = ?")
                .param(phone).query(Integer.class).single();
    }

    @Test
    void anSmsReplyIsAnsweredFromOurNumberAsTypedAndListedUnderIt() {
        twilioAccepts();
        String phone = uniquePhone();
        String confirmation = notify(request("charter_confirmed", "[\"sms\"]",
                "{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone + "\"}", "{\"charter_id\":186}"));
        awaitStatus(confirmation, "sent");
        textFrom(phone, "Can we move the pickup to 9:00? Two more guests.");
        long reply = latestText(phone);

        assertThat(texts(phone).get(0).get("customer_name").asText()).isEqualTo("Ana Ruiz");
        String waiting = "?kind=reply&answered=false&from=%2B" + phone.substring(1);
        assertThat(total(waiting)).isEqualTo(1);

        // markup, template syntax and an emoji arrive as typed: the text is data, never a template or HTML
        String typed = "Yes, 9:00 works & we've added 2 seats <see you then> {{ answer.by }} \uD83D\uDE8C";
        HttpResponse<String> accepted = answer(reply, "{\"text\":\"" + typed + "\"}", "Idempotency-Key", "ans-1");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json(accepted.body()).get("id").asText();
        assertThat(json(accepted.body()).get("duplicate").asBoolean()).isFalse();

        JsonNode sent = awaitStatus(id, "sent");
        assertThat(twilioGot(phone)).last().satisfies(form -> assertThat(form.get("Body")).isEqualTo(typed));
        assertThat(sent.get("template").asText()).isEqualTo("customer_answer");
        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        // the name we last wrote to them by, for whoever reads the notification later
        assertThat(sent.get("to").get("name").asText()).isEqualTo("Ana Ruiz");
        assertThat(sent.get("events")).anySatisfy(e -> assertThat(e.get("detail").asText())
                .startsWith("answer by api-key:ops-tool to the sms message received ")
                .endsWith("(inbound message " + reply + ")"));

        JsonNode listed = texts(phone).get(0).get("answers");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("notification_id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("text").asText()).isEqualTo(typed);
        assertThat(listed.get(0).get("status").asText()).isEqualTo("sent");
        assertThat(listed.get(0).get("answered_by").asText()).isEqualTo("api-key:ops-tool");
        assertThat(total(waiting)).isZero();
        assertThat(total(waiting.replace("answered=false", "answered=true"))).isEqualTo(1);

        // a retried POST is the same answer, sent once; the same key for other words is a mistake, said so
        HttpResponse<String> again = answer(reply, "{\"text\":\"" + typed + "\"}", "Idempotency-Key", "ans-1");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again.body()).get("id").asText()).isEqualTo(id);
        assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
        HttpResponse<String> reused = answer(reply, "{\"text\":\"Something else\"}", "Idempotency-Key", "ans-1");
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(problemType(reused)).endsWith("idempotency-key-reused");
        assertThat(answersStored(phone)).isEqualTo(1);

        // what they text next answers our answer
        textFrom(phone, "Great, thanks!");
        JsonNode next = texts(phone).get(0);
        assertThat(next.get("replied_to").get("notification_id").asText()).isEqualTo(id);
        assertThat(next.get("replied_to").get("template").asText()).isEqualTo("customer_answer");
    }

    @Test
    void aWhatsAppReplyIsAnsweredByWhatsAppWithinTheDayAndRefusedAfterIt() {
        twilioAccepts();
        String phone = uniquePhone();
        textFrom("whatsapp:" + phone, "Where do we meet the driver?");
        long question = latestText(phone);

        HttpResponse<String> accepted = answer(question, "{\"text\":\"At gate 4, by the blue sign.\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        awaitStatus(json(accepted.body()).get("id").asText(), "sent");
        assertThat(twilioGot("whatsapp:" + phone)).extracting(form -> form.get("Body"))
                .containsExactly("At gate 4, by the blue sign.");

        // a day later WhatsApp takes only approved templates: refused now, not parked for someone to find later
        jdbc.sql("UPDATE whatsapp_windows SET last_inbound_at = now() - interval '25 hours' WHERE phone = ?")
                .param(phone).update();
        HttpResponse<String> late = answer(question, "{\"text\":\"Are you still there?\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(problemType(late)).endsWith("whatsapp-window-closed");
        assertThat(json(late.body()).get("detail").asText())
                .startsWith("WhatsApp allows free text only within 24 hours of the customer's last message. "
                        + "It closed ")
                .contains("Answer by SMS (\"channel\": \"sms\"), call " + phone);
        assertThat(texts(phone).get(0).get("cannot_answer").get("reason").asText())
                .isEqualTo("whatsapp-window-closed");
        assertThat(answersStored(phone)).isEqualTo(1);
        assertThat(twilioGot("whatsapp:" + phone)).hasSize(1);

        // the same phone still takes an SMS
        HttpResponse<String> bySms = answer(question, "{\"text\":\"Are you still there?\",\"channel\":\"sms\"}");
        assertThat(bySms.statusCode()).as(bySms.body()).isEqualTo(202);
        JsonNode sms = awaitStatus(json(bySms.body()).get("id").asText(), "sent");
        assertThat(sms.get("channel").asText()).isEqualTo("sms");
        assertThat(sms.get("events")).anySatisfy(e -> assertThat(e.get("detail").asText())
                .endsWith("(inbound message " + question + "), by sms"));
        assertThat(twilioGot(phone)).extracting(form -> form.get("Body")).containsExactly("Are you still there?");
        assertThat(twilioGot("whatsapp:" + phone)).hasSize(1);
    }

    @Test
    void whatCannotBeAnsweredIsRefusedAndNothingIsStoredOrSent() {
        twilioAccepts();
        String phone = uniquePhone();
        textFrom(phone, "Is the coach on time?");
        long question = latestText(phone);
        textFrom(phone, "STOP");
        long stop = latestText(phone);

        assertThat(total("?kind=opt_out&from=%2B" + phone.substring(1))).isEqualTo(1);
        assertThat(total("?kind=reply&from=%2B" + phone.substring(1))).isEqualTo(1);
        HttpResponse<String> keyword = answer(stop, "{\"text\":\"Sorry to see you go\"}");
        assertThat(keyword.statusCode()).isEqualTo(409);
        assertThat(problemType(keyword)).endsWith("not-a-reply");
        assertThat(json(keyword.body()).get("detail").asText()).contains("keyword STOP");

        HttpResponse<String> optedOut = answer(question, "{\"text\":\"Yes, on time.\"}");
        assertThat(optedOut.statusCode()).isEqualTo(409);
        assertThat(problemType(optedOut)).endsWith("opted-out");
        assertThat(json(optedOut.body()).get("detail").asText()).startsWith(phone + " is opted out on sms since ")
                .endsWith("(sms_keyword)");
        // the list says so beside the reply, so nobody types an answer that will be refused
        assertThat(texts(phone).get(1).get("cannot_answer").get("reason").asText()).isEqualTo("opted-out");
        assertThat(texts(phone).get(1).get("cannot_answer").get("detail").asText())
                .isEqualTo(json(optedOut.body()).get("detail").asText());
        assertThat(texts(phone).get(0).has("cannot_answer")).isFalse(); // STOP itself is no reply
        assertThat(answersStored(phone)).isZero();
        assertThat(twilioGot(phone)).isEmpty();

        textFrom("CoachCo", "Your code is 1234");
        HttpResponse<String> senderId = answer(jdbc.sql("SELECT max(id) FROM inbound_messages WHERE address = "
                + "'CoachCo'").query(Long.class).single(), "{\"text\":\"Hello\"}");
        assertThat(senderId.statusCode()).isEqualTo(409);
        assertThat(problemType(senderId)).endsWith("not-a-phone");

        assertThat(answer(Long.MAX_VALUE, "{\"text\":\"Hello\"}").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/inbound-messages/abc/answer", "application/json", "{\"text\":\"Hello\"}",
                "Authorization", "Bearer " + OPS_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void anAnswerMustHaveTextThatFitsOneMessageAndOnlyOpsMaySendIt() {
        String phone = uniquePhone();
        textFrom(phone, "Hello?");
        long message = latestText(phone);

        HttpResponse<String> byEmail = answer(message, "{\"text\":\"Hi\",\"channel\":\"email\"}");
        assertThat(byEmail.statusCode()).isEqualTo(400);
        assertThat(json(byEmail.body()).get("errors").get(0).get("message").asText())
                .isEqualTo("must be one of sms, whatsapp: an answer is a text");
        for (String body : List.of("{}", "{\"text\":\"   \"}", "{\"text\":5}", "{\"text\":\"" + "a".repeat(1601)
                + "\"}", "{\"text\":\"" + "\uD83D\uDE8C".repeat(801) + "\"}")) {
            HttpResponse<String> refused = answer(message, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(json(refused.body()).get("errors").get(0).get("field").asText()).isEqualTo("text");
        }
        assertThat(json(answer(message, "{\"text\":\"" + "a".repeat(1601) + "\"}").body()).get("errors").get(0)
                .get("message").asText()).isEqualTo("must be at most 1600 characters (an emoji counts two), "
                        + "Twilio's limit for one message");
        // a misspelt channel is named, not answered on the channel the customer wrote by
        HttpResponse<String> misspelt = answer(message, "{\"text\":\"Hi\",\"chanel\":\"sms\"}");
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(json(misspelt.body()).at("/errors/0/field").asText()).isEqualTo("chanel");
        HttpResponse<String> malformed = answer(message, "{\"text\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(problemType(malformed)).endsWith("malformed-json");
        assertThat(answer(message, "{\"text\":\"Hi\"}", "Idempotency-Key", "two words").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/inbound-messages/" + message + "/answer", "application/x-www-form-urlencoded",
                "text=Hi", "Authorization", "Bearer " + OPS_KEY).statusCode()).isEqualTo(415);

        String path = "/api/v1/inbound-messages/" + message + "/answer";
        assertThat(post(path, "application/json", "{\"text\":\"Hi\"}", "Authorization", ANALYST).statusCode())
                .isEqualTo(403);
        assertThat(post(path, "application/json", "{\"text\":\"Hi\"}", "Authorization", "Bearer " + CHARTER_KEY)
                .statusCode()).isEqualTo(403);
        assertThat(post(path, "application/json", "{\"text\":\"Hi\"}").statusCode()).isEqualTo(401);
        assertThat(answersStored(phone)).isZero();
    }
}
