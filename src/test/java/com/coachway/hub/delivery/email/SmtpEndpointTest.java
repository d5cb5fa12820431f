package com.coachway.hub.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.coachway.hub.delivery.MailProperties;

/** The SMTP endpoint URI as Camel reads it back: the credentials arrive exactly as configured. */
class SmtpEndpointTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "p@ss word+%20", "a)&b=c", "x}&y)", "RAW(z)", "ends)", "ends}", "(&)", ""})
    void thePasswordReachesCamelAsConfigured(String password) throws URISyntaxException {
        MailProperties mail = new MailProperties("smtp.example", 587, "hub user", password,
                "notifications@coachway.example", "CoachWay", "1 Road", false, null, null, Duration.ofSeconds(5),
                new MailProperties.BounceImap("imaps", null, 993, "bounces", null, "INBOX", Duration.ofSeconds(60)));

        String uri = new SmtpEndpoint(mail).uri();
        Map<String, Object> options = URISupport.parseQuery(uri.substring(uri.indexOf('?') + 1));
        URISupport.resolveRawParameterValues(options);

        assertThat(options).containsEntry("password", password).containsEntry("username", "hub user")
                .containsEntry("connectionTimeout", "5000");
    }

    @Test
    void aPasswordNoRawFormCanCarryIsRefusedAtStart() {
        assertThatThrownBy(() -> SmtpEndpoint.raw("a)&b}&c")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.mail.password");
    }
}
