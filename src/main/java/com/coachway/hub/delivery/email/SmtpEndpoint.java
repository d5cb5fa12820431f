package com.coachway.hub.delivery.email;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.MailProperties;

/**
 * The camel-mail endpoint of {@code hub.mail}: credentials only when a user is configured (an empty user would still
 * make JavaMail try to log in, which an open relay refuses), timeouts always.
 */
@Component
class SmtpEndpoint {

    private final String uri;

    public SmtpEndpoint(MailProperties mail) {
        long timeoutMillis = mail.timeout().toMillis();
        StringBuilder uri = new StringBuilder("smtp://").append(mail.host()).append(':').append(mail.port())
                .append("?connectionTimeout=").append(timeoutMillis)
                .append("&mail.smtp.timeout=").append(timeoutMillis)
                .append("&mail.smtp.writetimeout=").append(timeoutMillis);
        if (mail.bounceAddress() != null && !mail.bounceAddress().isBlank()) {
            // the envelope sender: where receiving servers send their bounces (the bounce mailbox)
            uri.append("&mail.smtp.from=").append(URLEncoder.encode(mail.bounceAddress(), StandardCharsets.UTF_8));
        }
        if (mail.username() != null && !mail.username().isBlank()) {
            uri.append("&username=").append(URLEncoder.encode(mail.username(), StandardCharsets.UTF_8))
                    .append("&password=").append(raw(mail.password() == null ? "" : mail.password()));
        }
        this.uri = uri.toString();
    }

    /**
     * The value as Camel's RAW(...) or RAW{...}: Camel reads one up to a closing ')' (or '}') that is followed by
     * '&' or ends the URI, so a password holding ")&" needs the other pair.
     */
    static String raw(String value) {
        if (!value.contains(")&")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}&")) {
            return "RAW{" + value + "}";
        }
        throw new IllegalStateException("hub.mail.password holds both ')&' and '}&', which the SMTP endpoint cannot "
                + "carry: choose a password without one of them");
    }

    public String uri() {
        return uri;
    }
}
