package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/** API.md §4: template CRUD for admins, versions, preview with its errors, seeding. */
@TestPropertySource(properties = "hub.notify.auto-startup=false")
class TemplatesApiTest extends HubIntegrationTest {

    private static final String PATH = "/api/v1/templates";
    private static final String ADMIN = basic("admin", "admin-password");
    private static final String ANALYST = basic("analyst", "analyst-password");
    private static final String OPS = basic("ops", "ops-password");

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String name() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String template(String name, String subject) {
        return """
                {"name":"%s","category":"transactional",
                 "sms":{"text":"Hi {{ recipient.name }}, charter #{{ charter_id }}"},
                 "email":{"subject":"%s","html":"<p>Hi {{ recipient.name }}</p>","text":"Hi {{ recipient.name }}"}}"""
                .formatted(name, subject);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    @Test
    void theSeedTemplatesAreThereOnFirstStart() {
        HttpResponse<String> list = send("GET", PATH, null, OPS);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list.body()).get("items").findValuesAsText("name")).contains("quote_sent",
                "charter_confirmed", "trip_reminder", "payment_confirmation", "recovery_escalated",
                "change_case_approved");
        JsonNode quote = json(send("GET", PATH + "/quote_sent", null, ANALYST).body());
        assertThat(quote.get("version").asInt()).isEqualTo(1);
        assertThat(quote.get("created_by").asText()).isEqualTo("seed:quote_sent.yml");
        assertThat(quote.at("/variants/B/weight").asInt()).isEqualTo(50);
    }

    @Test
    void aChangeThatLeavesWhatsAppLastWithFreeTextOnlyIsSavedWithAWarning() {
        // trip.delayed sends it on [whatsapp, sms]: without its SMS body and its approved template, WhatsApp free text
        // is all that is left, which reaches only someone who wrote in the last 24 hours
        String freeTextOnly = """
                {"category":"transactional","whatsapp":{"text":"Sorry, your coach is late: {{ eta }}"}}""";
        HttpResponse<String> saved = send("PUT", PATH + "/trip_delayed", freeTextOnly, ADMIN);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved.body()).get("warnings")).singleElement().extracting(JsonNode::asText).asString()
                .contains("event type trip.delayed (rule trip-delayed", "last on WhatsApp",
                        "outside the recipient's 24-hour window each such message is parked",
                        "whatsapp.provider_template");
        assertThat(json(send("GET", PATH + "/trip_delayed", null, OPS).body()).get("warnings")).hasSize(1);

        HttpResponse<String> mended = send("PUT", PATH + "/trip_delayed", """
                {"category":"transactional","whatsapp":{"text":"Sorry, your coach is late: {{ eta }}"},
                 "sms":{"text":"CoachWay: your coach is late: {{ eta }}"}}""", ADMIN);
        assertThat(json(mended.body()).get("warnings")).isEmpty();
        // lists leave it out: it is worked out per template
        assertThat(json(send("GET", PATH, null, OPS).body()).get("items").get(0).has("warnings")).isFalse();
    }

    @Test
    void createReadUpdateVersionsDelete() {
        String name = name();

        HttpResponse<String> created = send("POST", PATH, template(name, "First"), ADMIN);
        HttpResponse<String> again = send("POST", PATH, template(name, "First"), ADMIN);
        HttpResponse<String> updated = send("PUT", PATH + "/" + name, template(name, "Second"), ADMIN);
        HttpResponse<String> versions = send("GET", PATH + "/" + name + "/versions", null, ANALYST);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created.body()).get("version").asInt()).isEqualTo(1);
        assertThat(json(created.body()).get("created_by").asText()).isEqualTo("admin");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated.body()).get("version").asInt()).isEqualTo(2);
        assertThat(json(send("GET", PATH + "/" + name, null, OPS).body()).at("/email/subject").asText())
                .isEqualTo("Second");
        assertThat(json(versions.body()).get("versions").findValuesAsText("version")).containsExactly("2", "1");
        assertThat(json(versions.body()).get("versions").get(1).at("/email/subject").asText()).isEqualTo("First");

        HttpResponse<String> deleted = send("DELETE", PATH + "/" + name, null, ADMIN);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.headers().firstValue("Content-Type")).as("a 204 has no body to type").isEmpty();
        assertThat(send("GET", PATH + "/" + name, null, OPS).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", PATH + "/" + name, null, ADMIN).statusCode()).isEqualTo(404);
        assertThat(send("GET", PATH + "/" + name + "/versions", null, OPS).statusCode()).isEqualTo(200);
        HttpResponse<String> recreated = send("POST", PATH, template(name, "Third"), ADMIN);
        assertThat(json(recreated.body()).get("version").asInt()).isEqualTo(3);
        assertThat(send("PUT", PATH + "/" + name(), template("x", "y"), ADMIN).statusCode()).isEqualTo(400);
        assertThat(send("PUT", PATH + "/" + name(), "{\"category\":\"transactional\",\"sms\":{\"text\":\"x\"}}",
                ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void theSameNewTemplateCreatedAtOnceIsCreatedOnceAndTheRestAreTold() throws Exception {
        for (String name : List.of(name(), name())) {
            assertThat(postedAtOnce(name, "Once")).as(name).containsOnlyOnce(201).containsOnly(201, 409);
            assertThat(json(send("GET", PATH + "/" + name + "/versions", null, OPS).body()).get("versions"))
                    .hasSize(1);

            // and once deleted, created again at once: the next version, once
            assertThat(send("DELETE", PATH + "/" + name, null, ADMIN).statusCode()).isEqualTo(204);
            assertThat(postedAtOnce(name, "Again")).as(name).containsOnlyOnce(201).containsOnly(201, 409);
            assertThat(json(send("GET", PATH + "/" + name, null, OPS).body()).get("version").asInt()).isEqualTo(2);
        }
    }

    /** The statuses six admins get who create the same template at the same moment. */
    private List<Integer> postedAtOnce(String name, String subject) throws Exception {
        int admins = 6;
        ExecutorService clients = Executors.newFixedThreadPool(admins);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < admins; i++) {
                statuses.add(clients.submit(() -> {
                    go.await();
                    return send("POST", PATH, template(name, subject), ADMIN).statusCode();
                }));
            }
            go.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            return answered;
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void onlyAdminsWrite() {
        String name = name();
        assertThat(send("POST", PATH, template(name, "x"), OPS).statusCode()).isEqualTo(403);
        assertThat(send("POST", PATH, template(name, "x"), ANALYST).statusCode()).isEqualTo(403);
        assertThat(post(PATH, "application/json", template(name, "x"), "Authorization", "Bearer " + CHARTER_KEY)
                .statusCode()).isEqualTo(403);
        assertThat(send("DELETE", PATH + "/quote_sent", null, OPS).statusCode()).isEqualTo(403);
        assertThat(get(PATH).statusCode()).isEqualTo(401);
    }

    @Test
    void invalidTemplatesNameEveryProblem() {
        HttpResponse<String> response = send("POST", PATH, """
                {"name":"Bad Name!","category":"newsletter",
                 "sms":{"text":"Hi {{ name "},
                 "email":{"subject":"s","html":"{% if %}"},
                 "variants":{"lower":{"weight":0}}}""", ADMIN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("errors").findValuesAsText("field")).contains("name", "category",
                "sms.text", "email.html", "email.text", "variants.lower", "variants.lower.weight", "variants");
        assertThat(send("POST", PATH, "{\"name\":\"x\",\"category\":\"transactional\",\"sms\":{\"txt\":\"typo\"}}",
                ADMIN).statusCode()).isEqualTo(400);
        assertThat(send("POST", PATH, "{\"name\":\"x\",\"category\":\"transactional\",\"sms\":\"flat\"}", ADMIN)
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", PATH, "not json", ADMIN).statusCode()).isEqualTo(400);
        assertThat(send("POST", PATH, "{\"name\":\"" + name() + "\",\"category\":\"transactional\"}", ADMIN)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void previewRendersAndNamesAMissingVariable() {
        HttpResponse<String> ok = send("POST", PATH + "/charter_confirmed/preview", """
                {"channel":"email","data":{"charter_id":186,"recipient":{"name":"<Ana>"},
                 "trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston","dropoff":"Portland",
                 "passengers":48}}}""", ANALYST);
        HttpResponse<String> missing = send("POST", PATH + "/charter_confirmed/preview",
                "{\"channel\":\"sms\",\"data\":{\"trip\":{\"date\":\"2026-06-12\"}}}", OPS);

        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode preview = json(ok.body());
        assertThat(preview.get("subject").asText()).isEqualTo("Confirmed: charter #186 on June 12, 2026");
        assertThat(preview.get("html").asText()).contains("Hi &lt;Ana&gt;,").contains("<strong>#186</strong>");
        assertThat(preview.get("text").asText()).contains("Hi <Ana>,");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).get("errors").get(0).get("field").asText()).isEqualTo("data.charter_id");
        assertThat(json(missing.body()).get("detail").asText()).contains("charter_id")
                .doesNotContain("recipient");
        // the recipient is the hub's to add when it sends: the answer says where a preview takes it from
        HttpResponse<String> nobody = send("POST", PATH + "/charter_confirmed/preview",
                "{\"channel\":\"email\",\"data\":{\"charter_id\":186}}", OPS);
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(json(nobody.body()).get("errors").get(0).get("field").asText()).isEqualTo("data.recipient");
        assertThat(json(nobody.body()).get("detail").asText()).endsWith("Every send has a recipient, which a preview "
                + "takes from data: \"recipient\":{\"name\":\"Ana Ruiz\"}");
    }

    @Test
    void previewShowsTimesOnTheClockOfTheRecipientInItsData() {
        String eta = "{\"channel\":\"sms\",\"data\":{\"eta\":\"2027-01-15T13:40:00Z\"%s}}";

        JsonNode company = json(send("POST", PATH + "/trip_delayed/preview", eta.formatted(""), OPS).body());
        JsonNode madrid = json(send("POST", PATH + "/trip_delayed/preview",
                eta.formatted(",\"recipient\":{\"name\":\"Ana\",\"timezone\":\"Europe/Madrid\"}"), OPS).body());

        assertThat(company.get("text").asText()).contains("New pickup time: 8:40 AM, Fri Jan 15.");
        assertThat(madrid.get("text").asText()).contains("New pickup time: 2:40 PM, Fri Jan 15.");
    }

    @Test
    void previewFillsWhatTheHubAddsWhenItSends() {
        // company and the unsubscribe link are the hub's own: a preview fills them in as a send does
        String name = name();
        assertThat(send("POST", PATH, """
                {"name":"NAME","category":"marketing",
                 "sms":{"text":"{{ company.name }}: hi {{ recipient.name }}"},
                 "whatsapp":{"text":"{{ company.name }}: hello {{ recipient.name }}"},
                 "email":{"subject":"News from {{ company.name }}",
                  "html":"<p>Hello</p><a href=\\"{{ unsubscribe_url }}\\">Unsubscribe</a>",
                  "text":"{{ company.postal_address }}"}}""".replace("NAME", name), ADMIN).statusCode())
                .isEqualTo(201);

        JsonNode email = json(send("POST", PATH + "/" + name + "/preview", "{\"channel\":\"email\"}", OPS).body());
        HttpResponse<String> nameless = send("POST", PATH + "/" + name + "/preview", "{\"channel\":\"sms\"}", OPS);
        JsonNode given = json(send("POST", PATH + "/" + name + "/preview", """
                {"channel":"sms","data":{"recipient":{"name":"Ana"},"company":{"name":"Acme Coaches"}}}""", OPS)
                .body());

        assertThat(email.get("subject").asText()).isEqualTo("News from CoachWay Charters");
        String address = "100 Depot Road, Springfield, IL 62701, USA";
        String link = email.get("text").asText().replaceAll("(?s).*\nUnsubscribe: (\\S+)\n$", "$1");
        assertThat(link).endsWith(TemplatesApi.EXAMPLE_UNSUBSCRIBE_PATH);
        // the template's text, then the footer every email carries
        assertThat(email.get("text").asText())
                .isEqualTo(address + "\n\n--\nCoachWay Charters, " + address + "\nUnsubscribe: " + link + "\n");
        assertThat(email.get("html").asText()).startsWith("<!DOCTYPE html><html><body><p>Hello</p><a href=\"" + link
                + "\">Unsubscribe</a><hr").contains(address + "<br><a href=\"" + link + "\">Unsubscribe</a></p>");
        // every send has a recipient with a name, so a preview asks for one instead of showing "hi "
        assertThat(nameless.statusCode()).isEqualTo(400);
        assertThat(json(nameless.body()).at("/errors/0/message").asText()).contains("recipient");
        // a marketing text, so it ends saying how to stop them, as it goes out, on WhatsApp as by SMS
        assertThat(given.get("text").asText()).isEqualTo("Acme Coaches: hi Ana\nReply STOP to opt out.");
        assertThat(json(send("POST", PATH + "/" + name + "/preview", """
                {"channel":"whatsapp","data":{"recipient":{"name":"Ana"},"company":{"name":"Acme Coaches"}}}""", OPS)
                .body()).get("text").asText()).isEqualTo("Acme Coaches: hello Ana\nReply STOP to opt out.");
        // the example link unsubscribes nobody
        assertThat(get(TemplatesApi.EXAMPLE_UNSUBSCRIBE_PATH).statusCode()).isEqualTo(404);
    }

    @Test
    void aTemplateWrittenInSpanishSaysSoAndItsDatesFollow() {
        String name = name();
        String spanish = """
                {"name":"NAME","category":"transactional","language":"LANG",
                 "sms":{"text":"CoachWay: su viaje del {{ date | date('EEEE d MMMM') }}, total {{ total | money }}"}}""";
        HttpResponse<String> refused = send("POST", PATH, spanish.replace("NAME", name).replace("LANG", "not a tag!"),
                ADMIN);
        HttpResponse<String> created = send("POST", PATH, spanish.replace("NAME", name).replace("LANG", "es"), ADMIN);
        String preview = "{\"channel\":\"sms\",\"data\":{\"date\":\"2027-06-12\",\"total\":1225.5}%s}";

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused.body()).at("/errors/0/field").asText()).isEqualTo("language");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(send("GET", PATH + "/" + name, null, OPS).body()).get("language").asText()).isEqualTo("es");
        assertThat(json(send("POST", PATH + "/" + name + "/preview", preview.formatted(""), OPS).body()).get("text")
                .asText()).isEqualTo("CoachWay: su viaje del sábado 12 junio, total 1.225,50");
        // a Mexican client: Spanish words, Mexican digits
        assertThat(json(send("POST", PATH + "/" + name + "/preview", preview.formatted(",\"locale\":\"es-MX\""),
                OPS).body()).get("text").asText()).isEqualTo("CoachWay: su viaje del sábado 12 junio, total 1,225.50");
        // an English template stays English for a Spanish client
        assertThat(json(send("POST", PATH + "/trip_delayed/preview",
                "{\"channel\":\"sms\",\"locale\":\"es-ES\",\"data\":{\"eta\":\"2027-01-15T13:40:00Z\"}}", OPS).body())
                .get("text").asText()).contains("New pickup time: 8:40 AM, Fri Jan 15.");
        assertThat(json(send("GET", PATH + "/trip_delayed", null, OPS).body()).get("language").asText())
                .isEqualTo("en");
        HttpResponse<String> badLocale = send("POST", PATH + "/" + name + "/preview",
                preview.formatted(",\"locale\":\"12 monkeys\""), OPS);
        assertThat(badLocale.statusCode()).isEqualTo(400);
        assertThat(json(badLocale.body()).at("/errors/0/field").asText()).isEqualTo("locale");
    }

    @Test
    void anApprovedTemplatesVariableMayNameADateStyleButNotCloseItsBraces() {
        String body = """
                {"name":"NAME","category":"transactional","whatsapp":{"provider_template":{"id":"HX1",
                 "variables":["trip.date | date('{weekday}') | default('soon')"VARIABLE]}}}""";
        HttpResponse<String> saved = send("POST", PATH, body.replace("NAME", name()).replace("VARIABLE", ""), ADMIN);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);

        HttpResponse<String> refused = send("POST", PATH, body.replace("NAME", name()).replace("VARIABLE",
                ", \"recipient.name | default('}} {% for i in range(1, 9) %}x{% endfor %}')\""), ADMIN);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused.body()).get("errors").findValuesAsText("field"))
                .containsExactly("whatsapp.provider_template.variables");
    }

    @Test
    void whatFailsOrReadsWrongWhateverTheDataIsRefusedAtSave() {
        // a hundred million numbers on every send, a date format that is none, and three that read right on most
        // days: each named with its fix before the first send, not parked at it
        HttpResponse<String> refused = send("POST", PATH, """
                {"name":"NAME","category":"marketing",
                 "sms":{"text":"{% for i in 1..100000000 %}x{% endfor %}"},
                 "email":{"subject":"{{ trip.date | date('YYYY-MM-dd') }}",
                  "html":"<p>{{ trip.date | date(format='d MMMM bbb') }}</p>",
                  "text":"{{ trip.date | date('dd/mm/yyyy') }} {{ trip.date | date('DD MMM') }}"},
                 "whatsapp":{"provider_template":{"id":"HX1","variables":["trip.date | date('YYYY')"]}}}"""
                .replace("NAME", name()), ADMIN);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode errors = json(refused.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactlyInAnyOrder("sms.text", "email.subject",
                "email.html", "email.text", "email.text", "whatsapp.provider_template.variables");
        assertThat(errors.findValuesAsText("message")).anySatisfy(m -> assertThat(m).contains("1..100000000",
                "at most 10000")).anySatisfy(m -> assertThat(m).contains("'d MMMM bbb' is not a date pattern"))
                .anySatisfy(m -> assertThat(m).contains("'YYYY-MM-dd'", "week-based year", "write y (yyyy)"))
                .anySatisfy(m -> assertThat(m).contains("'dd/mm/yyyy'", "write M (MM) for the month"))
                .anySatisfy(m -> assertThat(m).contains("'DD MMM'", "day of the year"));
        // what only the data decides is left to the send: a small literal range, a count from the data, HH:mm
        assertThat(send("POST", PATH,
                """
                        {"name":"NAME","category":"marketing","sms":{"text":"{% for i in 1..3 %}{{ i }}{% endfor %}                {% for i in range(1, count | default(1)) %}.{% endfor %} {{ at | default('x') | date('HH:mm, d MMM') }}"}}"""
                        .replace("NAME", name()),
                ADMIN).statusCode()).isEqualTo(201);
    }

    @Test
    void aTemplateThatCallsAMethodIsRefusedAtSaveWithTheFilterToUse() {
        // saved before, it rendered Java's insides ("java.util.stream.IntPipeline$Head@1cbb5e85") or failed each send
        HttpResponse<String> refused = send("POST", PATH,
                """
                        {"name":"NAME","category":"transactional",
                         "sms":{"text":"Hi {{ recipient.name.toUpperCase() }}, {{ recipient.name.chars() | default('') }}"},
                         "email":{"subject":"{% if recipient.keySet() is empty %}Hi{% endif %}","html":"<p>Hi</p>","text":"Hi"}}"""
                        .replace("NAME", name()),
                ADMIN);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode errors = json(refused.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("sms.text", "sms.text", "email.subject");
        assertThat(errors.get(0).get("message").asText()).isEqualTo("calls toUpperCase(): a template reads its data "
                + "and cannot call methods on it; use a filter instead, such as upper, lower, trim, date or default");
        // a default(...) stands in for what is missing, not for what fails whatever the data
        assertThat(errors.get(1).get("message").asText()).startsWith("calls chars(): ");
        assertThat(errors.get(2).get("message").asText()).startsWith("calls keySet(): ");
    }

    @Test
    void aValueSetFromTwoCopiesOfItselfIsRefusedAtSaveBeforeItCanFillTheHeap() {
        // saved, a send rendered it until memory ran out: the hub's last resort caught it after seconds of a full heap
        String name = name();
        HttpResponse<String> refused = send("POST", PATH,
                """
                        {"name":"NAME","category":"transactional",
                         "sms":{"text":"{% set s = 'ab' %}{% for i in 1..30 %}{% set s = s ~ s %}{% endfor %}{{ s }}"},
                         "email":{"subject":"Hi","text":"{% set l = [1] %}{% for i in 1..30 %}{% set l = [l, l] %}{% endfor %}{{ l }}",
                          "html":"{% set h = 'x' %}{% for i in 1..30 %}{% set h = h | replace({'x': h}) %}{% endfor %}{{ h }}"}}"""
                        .replace("NAME", name),
                ADMIN);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode errors = json(refused.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactlyInAnyOrder("sms.text", "email.text", "email.html");
        assertThat(errors.findValuesAsText("message")).contains("sets s from two copies of itself: it doubles each"
                + " time it runs, and in a loop fills the hub's memory; build it from the loop's items instead"
                + " ({% set s = s ~ item %})",
                "sets l from two copies of itself: it doubles each time it runs, and in"
                        + " a loop fills the hub's memory; build it from the loop's items instead ({% set l = l ~ item %})");
        assertThat(send("GET", PATH + "/" + name, null, ADMIN).statusCode()).isEqualTo(404);
        // a value built up once per item, a total, a copy chosen by a condition: all saved
        assertThat(send("POST", PATH,
                """
                        {"name":"NAME","category":"transactional","sms":{"text":"{% set s = '' %}{% set n = 0 %}{% for i in 1..3 %}{% set s = s ~ i ~ ',' %}{% set n = n + i %}{% set s = i > 1 ? s : s ~ '.' %}{% endfor %}{{ s }} {{ n }}"}}"""
                        .replace("NAME", name),
                ADMIN).statusCode()).isEqualTo(201);
    }

    @Test
    void anEmailThatHoldsScriptOrAScriptLinkIsRefusedAtSaveAndNothingIsStored() {
        // saved, the script went to every recipient (mail clients strip it, spam filters count it) and the link parked
        // every send at 3 a.m.
        String name = name();
        HttpResponse<String> refused = send("POST", PATH,
                """
                        {"name":"NAME","category":"marketing",
                         "email":{"subject":"Spring offers","html":"<p>Hi</p><script src=\\"https://cdn.example/t.js\\"></script>",
                          "text":"Hi"},
                         "variants":{"A":{"weight":1,"email":{"html":"<a href=\\"javascript:track()\\">Book</a>"}},
                          "B":{"weight":1,"email":{"html":"<img src=\\"https://x.example/p.png\\" onload=\\"track()\\">"}}}}"""
                        .replace("NAME", name),
                ADMIN);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode errors = json(refused.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("email.html", "variants.A.email.html",
                "variants.B.email.html");
        assertThat(errors.findValuesAsText("message")).containsExactly(
                "must not hold <script>: mail clients remove it, and spam filters count it against the message",
                "must not link to 'javascript:track()': only http(s), mailto and tel links reach a mailbox",
                "must not hold the event handler onload (on <img>): mail clients remove it, and spam filters count "
                        + "it against the message");
        assertThat(send("GET", PATH + "/" + name, null, ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void aTemplateThatIncludesAnotherIsRefusedAtSave() {
        // bodies are strings: the include printed the name it was given, and an include of data would run the data
        HttpResponse<String> refused = send("POST", PATH, """
                {"name":"NAME","category":"marketing","sms":{"text":"{% include 'charter_confirmed' %}"}}"""
                .replace("NAME", name()), ADMIN);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused.body()).at("/errors/0/field").asText()).isEqualTo("sms.text");
        assertThat(json(refused.body()).at("/errors/0/message").asText())
                .isEqualTo("does not compile: {% include %} is not available: each body stands alone (no include, "
                        + "import, from, extends, embed, block, parallel, cache, flush) (line 1)");
    }

    @Test
    void aTemplateThatWouldRunAwayWithItsDataIsAnsweredWithItsProblem() {
        // a count from the data can make a loop list a hundred million numbers (and write as many letters) a send
        String name = name();
        assertThat(send("POST", PATH, """
                {"name":"NAME","category":"marketing",
                 "sms":{"text":"Hi {{ recipient.name }} {% for i in range(1, seats) %}x{% endfor %}"}}"""
                .replace("NAME", name), ADMIN).statusCode()).isEqualTo(201);

        HttpResponse<String> preview = send("POST", PATH + "/" + name + "/preview",
                "{\"channel\":\"sms\",\"data\":{\"seats\":100000000,\"recipient\":{\"name\":\"Ana\"}}}", OPS);

        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(400);
        assertThat(json(preview.body()).at("/errors/0/field").asText()).isEqualTo("sms.text");
        assertThat(json(preview.body()).at("/errors/0/message").asText()).contains("1..100000000",
                "at most 10000");
    }

    @Test
    void previewWithVariantsAndBadInput() {
        JsonNode b = json(send("POST", PATH + "/quote_sent/preview", """
                {"channel":"email","variant":"B","data":{"charter_id":1,"recipient":{"name":"Ana"},
                 "trip":{"pickup":"A","dropoff":"B","date":"2026-06-12","passengers":9},
                 "quote":{"total":"1","currency":"USD","valid_until":"2026-05-01","url":"https://x.example"}}}""",
                OPS).body());
        assertThat(b.get("variant").asText()).isEqualTo("B");
        assertThat(b.get("subject").asText()).isEqualTo("Ana, your coach is ready to book (quote Q-1)");

        for (String body : List.of("{\"channel\":\"fax\"}", "{\"channel\":\"whatsapp\"}",
                "{\"channel\":\"email\",\"variant\":\"Z\"}", "{\"channel\":\"sms\",\"data\":[1]}", "[]")) {
            assertThat(send("POST", PATH + "/quote_sent/preview", body, OPS).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(send("POST", PATH + "/quote_sent/preview", "{\"channel\":\"fax\"}", OPS).body())
                .contains("{\"field\":\"channel\",\"message\":\"must be one of sms, whatsapp, email\"}");
        assertThat(send("POST", PATH + "/nope/preview", "{\"channel\":\"sms\"}", OPS).statusCode()).isEqualTo(404);
        // a misspelt "data" rendered with none, and blamed the template's first variable
        HttpResponse<String> misspelt = send("POST", PATH + "/quote_sent/preview",
                "{\"channel\":\"sms\",\"dta\":{\"charter_id\":1}}", OPS);
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(json(misspelt.body()).at("/errors/0/field").asText()).isEqualTo("dta");
    }
}
