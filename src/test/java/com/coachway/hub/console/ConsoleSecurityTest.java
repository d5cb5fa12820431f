package com.coachway.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.coachway.hub.HubApplication;
import com.coachway.hub.support.HubIntegrationTest;
import com.coachway.hub.support.TestInfrastructure;

/**
 * The console's doors (API.md §10, Authentication): pages send an anonymous browser to the login form and the API
 * answers 401; the form login holds a session in PostgreSQL; a write made with the session cookie needs the CSRF
 * token, one made with Basic or a key does not; an analyst reads everything and writes nothing.
 */
class ConsoleSecurityTest extends HubIntegrationTest {

    private static final String DRY_RUN = "{\"filter\":{},\"dry_run\":true}";

    @Autowired
    private Environment environment;

    /** A client that keeps cookies, as a browser does, and never follows a redirect. */
    private final class Browser {

        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (!cookies.isEmpty()) {
                request.header("Cookie", String.join("; ", cookies.entrySet().stream()
                        .map(c -> c.getKey() + "=" + c.getValue()).toList()));
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> response = HubIntegrationTest.send(request.build());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || set.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }

        HttpResponse<String> get(String path) {
            return send("GET", path, null, null);
        }

        String csrf() {
            return cookies.get("XSRF-TOKEN");
        }

        /** Signs in as a browser does: the form, its post, then the page it leads to (which sets a new token). */
        HttpResponse<String> login(String user, String password) {
            assertThat(get("/ops/login").statusCode()).isEqualTo(200);
            HttpResponse<String> answer = send("POST", "/ops/login", "application/x-www-form-urlencoded",
                    "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                            + "&_csrf=" + csrf());
            answer.headers().firstValue("Location").filter(to -> to.endsWith("/ops/")).ifPresent(to -> get("/ops/"));
            return answer;
        }
    }

    /** Spring Session's cookie holds the session id in base64. */
    private static String sessionId(Browser browser) {
        return new String(Base64.getDecoder().decode(browser.cookies.get("SESSION")), StandardCharsets.UTF_8);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutCredentialsPagesGoToTheLoginFormAndTheApiAnswers401() {
        for (String page : List.of("/ops/", "/ops", "/ops/index.html", "/ops/anything")) {
            HttpResponse<String> answer = get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(page)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/ops/login").doesNotContain("jsessionid"));
        }
        for (String api : List.of("/ops/api/dead-letters", "/ops/api/dead-letters/1", "/ops/api/queues",
                "/ops/api/me", "/ops/api/overview")) {
            HttpResponse<String> answer = get(api);
            assertThat(answer.statusCode()).as(api).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).as(api).hasValue("application/problem+json");
        }
        HttpResponse<String> write = post("/ops/api/dead-letters/replay", "application/json", DRY_RUN);
        assertThat(write.statusCode()).isEqualTo(401);

        HttpResponse<String> login = get("/ops/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<form", "name=\"password\"", "/assets/ops/login.js");
        assertThat(get("/assets/ops/console.js").statusCode()).isEqualTo(200);
        assertThat(get("/assets/ops/console.css").statusCode()).isEqualTo(200);
        // a tab icon of its own, so the browser does not ask for /favicon.ico (a 401, then a 404, on every page)
        assertThat(login.body()).contains("<link rel=\"icon\" href=\"/assets/ops/icon.svg\"");
        HttpResponse<String> icon = get("/assets/ops/icon.svg");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/svg+xml"));
    }

    @Test
    void theFormLoginHoldsASessionInTheDatabaseAndCookieWritesNeedTheCsrfToken() {
        Browser browser = new Browser();
        HttpResponse<String> loggedIn = browser.login("ops", "ops-password");

        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ops/"));
        assertThat(browser.cookies).containsKey("SESSION");
        assertThat(jdbc.sql("SELECT principal_name FROM spring_session WHERE session_id = ?")
                .param(sessionId(browser)).query(String.class).optional()).hasValue("ops");
        HttpResponse<String> page = browser.get("/ops/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/assets/ops/console.js");
        assertThat(json(browser.get("/ops/api/me").body()).get("can_write").asBoolean()).isTrue();

        HttpResponse<String> forged = browser.send("POST", "/ops/api/dead-letters/replay", "application/json",
                DRY_RUN);
        HttpResponse<String> wrongToken = browser.send("POST", "/ops/api/dead-letters/replay", "application/json",
                DRY_RUN, "X-XSRF-TOKEN", "not-the-token");
        HttpResponse<String> withToken = browser.send("POST", "/ops/api/dead-letters/replay", "application/json",
                DRY_RUN, "X-XSRF-TOKEN", browser.csrf());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        assertThat(json(withToken.body()).get("matched").asLong()).isZero();
        // a signed-in person's cookies do not get in the way of the pages a link's own token opens
        assertThat(browser
                .send("POST", "/u/not-a-token", "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click")
                .statusCode()).isEqualTo(404);
    }

    @Test
    void basicAndKeyCallersNeedNoCsrfTokenAndGetNoSession() {
        HttpResponse<String> basic = post("/ops/api/dead-letters/replay", "application/json", DRY_RUN,
                "Authorization", basic("ops", "ops-password"));
        HttpResponse<String> key = post("/ops/api/dead-letters/replay", "application/json", DRY_RUN,
                "X-Api-Key", OPS_KEY);

        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
        assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
        assertThat(basic.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(key.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void aWrongPasswordGoesBackToTheFormAndMakesNoSession() {
        Browser browser = new Browser();
        HttpResponse<String> refused = browser.login("ops", "not-the-password");
        HttpResponse<String> noToken = new Browser().send("POST", "/ops/login", "application/x-www-form-urlencoded",
                "username=ops&password=ops-password");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ops/login?error"));
        assertThat(browser.get("/ops/api/me").statusCode()).isEqualTo(401);
        assertThat(noToken.statusCode()).isEqualTo(403);
    }

    @Test
    void wrongPasswordsInARowSendTheNextTryBackToTheFormSayingHowLongToWait() {
        // a name nobody has, so that no other test's user waits; guesses at unknown names count the same
        Browser browser = new Browser();
        for (int i = 0; i < 5; i++) {
            assertThat(browser.login("mallory", "guess-" + i).headers().firstValue("Location")).as("guess " + i)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/ops/login?error"));
        }

        HttpResponse<String> held = browser.login("mallory", "guess-5");

        assertThat(held.statusCode()).isEqualTo(302);
        assertThat(held.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).matches(".*/ops/login\\?locked=(59|60)"));
        assertThat(browser.get("/ops/api/me").statusCode()).isEqualTo(401);
        // someone else from the same address signs in as before (and so clears what the address had counted)
        assertThat(new Browser().login("ops", "ops-password").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ops/"));
    }

    @Test
    void anAnalystReadsEverythingAndEveryWriteIs403() {
        String analyst = basic("analyst", "analyst-password");
        for (String read : List.of("/ops/api/dead-letters", "/ops/api/queues", "/ops/api/overview",
                "/api/v1/notifications", "/api/v1/notifications?scheduled=true", "/api/v1/stats")) {
            assertThat(get(read, "Authorization", analyst).statusCode()).as(read).isEqualTo(200);
        }
        for (String write : List.of("/ops/api/dead-letters/replay", "/ops/api/dead-letters/1/replay",
                "/ops/api/dead-letters/1/discard", "/api/v1/notifications/ntf_x/resend",
                "/api/v1/notifications/ntf_x/cancel")) {
            assertThat(post(write, "application/json", DRY_RUN, "Authorization", analyst).statusCode()).as(write)
                    .isEqualTo(403);
        }

        Browser browser = new Browser();
        assertThat(browser.login("analyst", "analyst-password").statusCode()).isEqualTo(302);
        assertThat(json(browser.get("/ops/api/me").body()).get("can_write").asBoolean()).isFalse();
        HttpResponse<String> replay = browser.send("POST", "/ops/api/dead-letters/replay", "application/json",
                DRY_RUN, "X-XSRF-TOKEN", browser.csrf());
        assertThat(replay.statusCode()).isEqualTo(403);
    }

    @Test
    void aSessionMadeOnOneReplicaIsKnownToTheOther() {
        Browser browser = new Browser();
        browser.login("ops", "ops-password");
        // a second hub on the same database and broker, as the second replica behind the round-robin proxy
        try (ConfigurableApplicationContext replica = new SpringApplicationBuilder(HubApplication.class).run(
                "--server.port=0", "--hub.db.schema=" + TestInfrastructure.names().schema(),
                "--spring.rabbitmq.virtual-host=" + TestInfrastructure.names().vhost(),
                "--hub.mail.sandbox=true", "--hub.links.secret=test-link-secret",
                "--spring.datasource.hikari.maximum-pool-size=3", "--hub.security.users[0].name=ops",
                "--hub.security.users[0].password=" + environment.getProperty("hub.security.users[0].password"),
                "--hub.security.users[0].roles=ops")) {
            String other = "http://localhost:" + replica.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> me = HubIntegrationTest.send(HttpRequest.newBuilder(URI.create(other
                    + "/ops/api/me")).header("Cookie", "SESSION=" + browser.cookies.get("SESSION")).build());
            HttpResponse<String> write = HubIntegrationTest.send(HttpRequest.newBuilder(URI.create(other
                    + "/ops/api/dead-letters/replay"))
                    .header("Cookie", "SESSION=" + browser.cookies.get("SESSION") + "; XSRF-TOKEN=" + browser.csrf())
                    .header("X-XSRF-TOKEN", browser.csrf())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(DRY_RUN)).build());

            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(json(me.body()).get("name").asText()).isEqualTo("ops");
            assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
        }
    }

    @Test
    void signingOutEndsTheSessionEverywhere() {
        Browser browser = new Browser();
        browser.login("ops", "ops-password");
        assertThat(browser.get("/ops/api/me").statusCode()).isEqualTo(200);
        String session = browser.cookies.get("SESSION");
        String id = sessionId(browser);

        HttpResponse<String> out = browser.send("POST", "/ops/logout", "application/x-www-form-urlencoded",
                "_csrf=" + browser.csrf(), "Accept", "text/html");

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ops/login?logout"));
        assertThat(get("/ops/api/me", "Cookie", "SESSION=" + session).statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM spring_session WHERE session_id = ?").param(id).query(Long.class)
                .single()).isZero();
    }
}
