package com.coachway.hub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 */
@ConfigurationProperties("hub.mail")
public record MailProperties(@DefaultValue("localhost") String host, @DefaultValue("25") int port, String username,
        String password, @DefaultValue("notifications@coachway.example") String from,
        @DefaultValue("CoachWay Charters") String fromName,
        String postalAddress, @DefaultValue("false") boolean sandbox, String bounceAddress) {

    public MailProperties {
        // every email carries it (CAN-SPAM): one the hub made up would be a false statement in the company's name
        if (!sandbox && (postalAddress == null || postalAddress.isBlank())) {
            throw new IllegalStateException("hub.mail.postal-address is required when mail is enabled "
                    + "(hub.mail.sandbox=false): set HUB_MAIL_POSTAL_ADDRESS to the sender's postal address");
        }
    }

    /** The part after {@code @} of the sender, used to make Message-IDs. */
    public String domain() {
        int at = from.indexOf('@');
        return at < 0 ? "coachway.example" : from.substring(at + 1);
    }
}
