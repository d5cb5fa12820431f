package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.coachway.hub.support.HubIntegrationTest;

/** Every answer carries the security headers: API, pages, static assets and refusals alike. */
class SecurityHeadersTest extends HubIntegrationTest {

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        List<HttpResponse<String>> answers = List.of(
                get("/api/v1/notifications", "Authorization", "Bearer " + OPS_KEY),
                get("/api/v1/notifications"),
                get("/u/not-a-token"),
                get("/assets/pages.css"),
                get("/actuator/health"));

        for (HttpResponse<String> answer : answers) {
            String where = answer.uri().getPath() + " " + answer.statusCode();
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(where)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'",
                            "script-src 'self'", "style-src 'self'"));
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(where).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(where).hasValue("DENY");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(where).hasValue("no-referrer");
        }
        assertThat(answers.get(1).statusCode()).isEqualTo(401);
    }

    @Test
    void thePagesStylesheetIsServedByTheHubItself() {
        HttpResponse<String> css = get("/assets/pages.css");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(css.body()).contains("font-family");
    }
}
