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
                    .append("&password=RAW(").append(mail.password() == null ? "" : mail.password()).append(')');
        }
        this.uri = uri.toString();
    }

    public String uri() {
        return uri;
    }
}
