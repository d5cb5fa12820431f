package com.coachway.hub.delivery;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.settings.PositiveDuration;
import com.coachway.hub.templates.HubVariables.Sender;
import com.coachway.hub.vocabulary.Mailboxes;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * SMTP under {@code hub.mail}.
 *
 * @param host SMTP server
 * @param port SMTP port
 * @param username SMTP user, or empty for none
 * @param password SMTP password
 * @param from sender address (and the domain of Message-IDs)
 * @param fromName sender display name
 * @param postalAddress the sender's postal address, printed in every email (CAN-SPAM)
 * @param sandbox record emails as sent without talking to any server
 * @param bounceAddress the envelope sender (Return-Path) where bounces go: the bounce mailbox; empty = {@code from}
 * @param replyTo where replies go ({@code Reply-To}) when the template names nobody; empty = {@code from}, which then
 *            must be a mailbox someone reads: the templates invite replies
 * @param timeout connect, read and write timeout of the SMTP connection
 * @param bounceImap the bounce mailbox, read over IMAP; off while its host is unset
 */
@Validated
@ConfigurationProperties("hub.mail")
public record MailProperties(@DefaultValue("localhost") String host, @DefaultValue("25") @Min(1) @Max(65535) int port,
        String username, String password, @DefaultValue("notifications@coachway.example") String from,
        @DefaultValue("CoachWay Charters") String fromName,
        String postalAddress, @DefaultValue("false") boolean sandbox, String bounceAddress, String replyTo,
        @DefaultValue("PT10S") @PositiveDuration Duration timeout,
        @DefaultValue @Valid BounceImap bounceImap) implements RouteSettings, Sender {

    public MailProperties {
        // a sender the SMTP server refuses fails every email, after its event was answered 202
        requireMailbox("from", from);
        if (bounceAddress != null && !bounceAddress.isBlank()) {
            requireMailbox("bounce-address", bounceAddress);
        }
        if (replyTo != null && !replyTo.isBlank()) {
            requireMailbox("reply-to", replyTo.strip());
        }
        // every email carries it (CAN-SPAM): one the hub made up would be a false statement in the company's name
        if (!sandbox && (postalAddress == null || postalAddress.isBlank())) {
            throw new IllegalStateException("hub.mail.postal-address is required when mail is enabled "
                    + "(hub.mail.sandbox=false): set HUB_MAIL_POSTAL_ADDRESS to the sender's postal address");
        }
    }

    private static void requireMailbox(String key, String address) {
        if (!Mailboxes.valid(address)) {
            throw new IllegalStateException("hub.mail." + key + " '" + address
                    + "' is not an email address such as notifications@coachway.example");
        }
    }

    /** Where replies go when the template names nobody: {@code hub.mail.reply-to}, or null for the sender. */
    public String defaultReplyTo() {
        return replyTo == null || replyTo.isBlank() ? null : replyTo.strip();
    }

    /** Where replies go when the template names nobody: {@code hub.mail.reply-to}, else the sender. */
    public String repliesGoTo() {
        return defaultReplyTo() != null ? defaultReplyTo() : from;
    }

    /** The part after {@code @} of the sender, used to make Message-IDs. */
    public String domain() {
        int at = from.indexOf('@');
        return at < 0 ? "coachway.example" : from.substring(at + 1);
    }

    @Override
    public Map<String, Object> routeSettings() {
        return bounceImap.routeSettings();
    }

    /**
     * The bounce mailbox under {@code hub.mail.bounce-imap}.
     *
     * @param protocol imaps or imap
     * @param host IMAP server; unset = the mailbox is not polled
     * @param port IMAP port
     * @param username mailbox user
     * @param password mailbox password
     * @param folder the folder bounces arrive in
     * @param pollInterval how often the mailbox is read
     */
    public record BounceImap(@DefaultValue("imaps") String protocol, String host,
            @DefaultValue("993") @Min(1) @Max(65535) int port,
            @DefaultValue("bounces") String username, String password, @DefaultValue("INBOX") String folder,
            @DefaultValue("PT60S") @PositiveDuration Duration pollInterval) {

        public boolean enabled() {
            return host != null && !host.isBlank();
        }

        Map<String, Object> routeSettings() {
            // the poller route exists even while it is off (it never starts then), so its URI must still be valid
            return Map.of("route.bounces.protocol", protocol, "route.bounces.host", enabled() ? host : "localhost",
                    "route.bounces.port", port, "route.bounces.username", username,
                    "route.bounces.password", password == null ? "" : password, "route.bounces.folder", folder,
                    "route.bounces.poll-interval-ms", pollInterval.toMillis());
        }

        @Override
        public String toString() {
            return "BounceImap[" + protocol + "://" + username + "@" + host + ":" + port + "/" + folder + "]";
        }
    }

    @Override
    public String toString() {
        // settings get logged; the password never is
        return "MailProperties[" + username + "@" + host + ":" + port + ", from " + from + ", sandbox " + sandbox
                + ", " + bounceImap + "]";
    }
}
