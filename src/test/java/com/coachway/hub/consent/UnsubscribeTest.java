package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.security.LinkTokens;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ProviderWebhooks;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.internet.MimeMessage;

/**
 * Email unsubscribe as a mail client and a person use it: the RFC 8058 one-click POST to the List-Unsubscribe URL
 * of a delivered email, and the page behind the link.
 */
class UnsubscribeTest extends DeliveryIntegrationTest {

    @Autowired
    LinkTokens tokens;

    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private String quote(String email) {
        return notify(request("quote_sent", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + email + "\"}", """
                {"charter_id":186,"trip":{"pickup":"Boston","dropoff":"Portland","date":"2026-06-12","passengers":48},
                 "quote":{"total":"2,450.00","currency":"USD","valid_until":"2026-05-01",
                 "url":"https://coachway.example/q/186"}}"""));
    }

    private String offer(String email, String category) {
        return notify("""
                {"template":"seasonal_offer","channels":["email"],%s"to":{"name":"Ana","email":"%s"},
                 "data":{"offer":{"percent":15,"season":"summer","ends":"2026-05-31",
                 "url":"https://coachway.example/summer"}}}""".formatted(
                category == null ? "" : "\"category\":\"" + category + "\",", email));
    }

    private String reminder(String email) {
        return notify(request("trip_reminder", "[\"email\"]", "{\"name\":\"Ana\",\"email\":\"" + email + "\"}", """
                {"charter_id":186,"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston"},
                 "driver":{"name":"Dave","phone":"+1 555 555 0188"}}"""));
    }

    /** The path of the List-Unsubscribe URL of the newest delivered email. */
    private static String unsubscribePath(int expectedMails) throws Exception {
        assertThat(MAIL.waitForIncomingEmail(20_000, expectedMails)).isTrue();
        MimeMessage[] received = MAIL.getReceivedMessages();
        String header = received[received.length - 1].getHeader("List-Unsubscribe")[0];
        String url = header.substring(1, header.length() - 1);
        assertThat(url).startsWith(ProviderWebhooks.PUBLIC_BASE_URL + "/u/");
        return url.substring(ProviderWebhooks.PUBLIC_BASE_URL.length());
    }

    /** Sends a quote to the address and returns the path of its List-Unsubscribe URL. */
    private String linkOfADeliveredQuote(String email) throws Exception {
        awaitStatus(quote(email), "sent");
        return unsubscribePath(1);
    }

    private static void assertHtml(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
    }

    private HttpResponse<String> oneClick(String path) {
        // exactly what RFC 8058 has the mail client send: no cookies, no credentials, no redirects followed
        return post(path, "application/x-www-form-urlencoded", ONE_CLICK);
    }

    @Test
    void oneClickBlocksMarketingButNotTheQuote() throws Exception {
        String email = uniqueEmail();
        String path = linkOfADeliveredQuote(email);

        HttpResponse<String> unsubscribed = oneClick(path);
        assertHtml(unsubscribed);
        assertThat(unsubscribed.body()).contains("You are unsubscribed").doesNotContain(email);

        JsonNode marketing = awaitStatus(offer(email, "marketing"), "blocked", "sent");
        assertThat(marketing.get("status").asText()).isEqualTo("blocked");
        assertThat(marketing.get("reason").asText()).isEqualTo("category_disabled");
        // a marketing template sent without a label is still marketing
        JsonNode unlabelled = awaitStatus(offer(email, null), "blocked", "sent");
        assertThat(unlabelled.get("reason").asText()).isEqualTo("category_disabled");

        awaitStatus(quote(email), "sent");
        assertThat(MAIL.waitForIncomingEmail(20_000, 2)).isTrue();
        assertThat(MAIL.getReceivedMessages()).hasSize(2)
                .allSatisfy(m -> assertThat(m.getSubject()).contains("quote Q-186"));

        JsonNode state = json(get("/api/v1/consent/email/" + email, "Authorization", "Bearer " + OPS_KEY).body());
        assertThat(state.get("opted_out").asBoolean()).isTrue();
        assertThat(state.get("categories")).extracting(JsonNode::asText).containsExactly("marketing");
        assertThat(state.get("source").asText()).isEqualTo("unsubscribe_link");
    }

    @Test
    void oneClickIsIdempotentAndNeedsNoLogin() throws Exception {
        String email = uniqueEmail();
        String path = linkOfADeliveredQuote(email);

        for (int i = 0; i < 3; i++) {
            assertThat(oneClick(path).statusCode()).isEqualTo(200);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM consent_history WHERE address = ?").param(email)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions WHERE address = ?").param(email)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theLinkOfAReminderAlsoStopsReminders() throws Exception {
        String email = uniqueEmail();
        awaitStatus(reminder(email), "sent");
        oneClick(unsubscribePath(1));

        assertThat(awaitStatus(reminder(email), "blocked", "sent").get("status").asText()).isEqualTo("blocked");
        assertThat(awaitStatus(quote(email), "sent", "blocked").get("status").asText()).isEqualTo("sent");
    }

    @Test
    void thePageLetsThePersonChooseAndNeverShowsTheWholeAddress() throws Exception {
        String email = uniqueEmail();
        String path = linkOfADeliveredQuote(email);

        HttpResponse<String> page = get(path);
        assertHtml(page);
        assertThat(page.body()).contains("<form method=\"post\"").contains("value=\"marketing\"")
                .contains("value=\"reminders\"").doesNotContain(email);
        // looking at the page changes nothing (link scanners open every link)
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions WHERE address = ?").param(email)
                .query(Integer.class).single()).isZero();

        HttpResponse<String> chosen = post(path, "application/x-www-form-urlencoded", "categories=reminders");
        assertThat(chosen.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT category FROM suppressions WHERE address = ?").param(email).query(String.class)
                .list()).containsExactly("reminders");

        // a forged choice cannot stop transactional email
        post(path, "application/x-www-form-urlencoded", "categories=transactional&categories=%27%3B--");
        assertThat(jdbc.sql("SELECT category FROM suppressions WHERE address = ?").param(email).query(String.class)
                .list()).containsExactly("reminders");
    }

    @Test
    void thePageSpeaksTheReadersLanguageWhenItCanAndEnglishOtherwise() throws Exception {
        String email = uniqueEmail();
        String path = linkOfADeliveredQuote(email);

        HttpResponse<String> spanish = get(path, "Accept-Language", "es-MX,es;q=0.9,en;q=0.8");
        HttpResponse<String> french = post(path, "application/x-www-form-urlencoded", "categories=marketing",
                "Accept-Language", "fr-CA, fr;q=0.9");

        assertHtml(spanish);
        assertThat(spanish.body()).contains("<html lang=\"es\">", "<h1>Preferencias de correo</h1>",
                "Dejar de enviar correos a <strong>", "Ofertas y novedades", "Recordatorios de viaje",
                "<button type=\"submit\">Darse de baja</button>").doesNotContain(email);
        assertThat(french.body()).contains("<html lang=\"fr\">", "<h1>Vous êtes désabonné</h1>",
                "ne recevra plus ces e-mails de notre part : Offres et actualités.");
        // a language with no words of its own, none asked for, or a header nobody could read: English
        for (String asked : new String[]{"ja-JP", "*", "!!;q=banana"}) {
            assertThat(get(path, "Accept-Language", asked).body()).as(asked).contains("<html lang=\"en\">",
                    "<h1>Email preferences</h1>", "Offers and news");
        }
        assertThat(get("/u/not-a-token", "Accept-Language", "de").body()).contains("Dieser Link ist ungültig");
    }

    @Test
    void aLinkMadeBeforeLinksCarriedTheirLanguageStillUnsubscribesInTheReadersLanguage() throws Exception {
        String email = uniqueEmail();
        String id = quote(email);
        awaitStatus(id, "sent");
        // as releases before the language wrote them, and as they sit in mailboxes now
        String path = "/u/" + tokens.sign("u1|" + id + "|transactional|" + email);

        assertThat(get(path, "Accept-Language", "es").body()).contains("<html lang=\"es\">",
                "<h1>Preferencias de correo</h1>");
        HttpResponse<String> unsubscribed = oneClick(path);
        assertHtml(unsubscribed);
        assertThat(unsubscribed.body()).contains("<html lang=\"en\">", "You are unsubscribed");
        assertThat(jdbc.sql("SELECT category FROM suppressions WHERE address = ?").param(email).query(String.class)
                .list()).containsExactly("marketing");
    }

    @Test
    void theLinkNamesNoAddressToWhoeverSeesTheUrlYetUnsubscribesIt() throws Exception {
        String email = uniqueEmail();
        String path = linkOfADeliveredQuote(email);
        // a proxy's log, a link scanner or a forwarded email sees the URL: not the address, in any spelling
        String token = path.substring("/u/".length());
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1))
                .doesNotContain(email, email.substring(0, email.indexOf('@')));
        assertThat(path).doesNotContain(email.substring(0, email.indexOf('@')));
        assertThat(oneClick(path).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT category FROM suppressions WHERE address = ?").param(email).query(String.class)
                .list()).containsExactly("marketing");

        // the links sent before, signed but legible, sit in mailboxes and still work
        String earlier = uniqueEmail();
        String id = quote(earlier);
        awaitStatus(id, "sent");
        assertThat(oneClick("/u/" + tokens.sign("u2|" + id + "|transactional|en|" + earlier)).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT category FROM suppressions WHERE address = ?").param(earlier)
                .query(String.class).list()).containsExactly("marketing");
    }

    @Test
    void aTamperedForgedOrMissingTokenIs404AndChangesNothing() throws Exception {
        String email = uniqueEmail();
        String path = linkOfADeliveredQuote(email);
        String token = path.substring("/u/".length());
        char last = token.charAt(token.length() - 1);
        List<String> bad = List.of(
                token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'),
                (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1),
                token.substring(0, token.length() - 4),
                token + "x",
                token + "." + token,
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("u2|ntf_x|marketing||" + email)
                        .getBytes()) + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "nonsense", "a.b", ".x", "%27%20OR%201%3D1--", "a%2Fb", "https%3A%2F%2Fevil.example",
                "x".repeat(3000));
        for (String forged : bad) {
            HttpResponse<String> posted = post("/u/" + forged, "application/x-www-form-urlencoded", ONE_CLICK);
            assertThat(posted.statusCode()).as(forged).isEqualTo(404);
            assertThat(posted.headers().firstValue("Location")).isEmpty();
            assertThat(get("/u/" + forged).statusCode()).as(forged).isEqualTo(404);
        }
        // URLs the server refuses before any token is read: still a plain problem, never a redirect
        for (String hostile : List.of("..", "%00", "%3B", "%E9")) {
            HttpResponse<String> posted = post("/u/" + hostile, "application/x-www-form-urlencoded", ONE_CLICK);
            assertThat(posted.statusCode()).as(hostile).isEqualTo(400);
            assertThat(posted.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
            assertThat(json(posted.body()).get("status").asInt()).isEqualTo(400);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions WHERE address = ?").param(email)
                .query(Integer.class).single()).isZero();
        assertThat(oneClick(path).statusCode()).isEqualTo(200);
    }

    @Test
    void hostileBodiesOnAGenuineLinkAreHandled() throws Exception {
        String email = uniqueEmail();
        String path = linkOfADeliveredQuote(email);

        HttpResponse<String> huge = post(path, "application/x-www-form-urlencoded", "categories=" + "m".repeat(
                70 * 1024));
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> broken = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'c', '=', (byte) 0xC3, (byte) 0x28}))
                .build());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions WHERE address = ?").param(email)
                .query(Integer.class).single()).isZero();

        // some clients post one-click as JSON or with no body: still the person's request
        assertThat(post(path, "text/plain", "").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT category FROM suppressions WHERE address = ?").param(email).query(String.class)
                .list()).containsExactly("marketing");
    }
}
