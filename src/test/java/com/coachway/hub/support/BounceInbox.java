package com.coachway.hub.support;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The hub's bounce mailbox, an IMAP server (GreenMail): start one in a test class's static field, hand it to the hub
 * with {@link #register} from a {@code @DynamicPropertySource}, drop mails into it, and stop it after the class.
 */
public final class BounceInbox {

    private final GreenMail imap = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    private final GreenMailUser mailbox;

    private BounceInbox() {
        imap.start();
        mailbox = imap.setUser("bounces@coachway.example", "bounces", "bounce-secret");
    }

    public static BounceInbox start() {
        return new BounceInbox();
    }

    /** The hub's {@code hub.mail.bounce-imap} settings for this mailbox, polled every 300 ms. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("hub.mail.bounce-imap.protocol", () -> "imap");
        registry.add("hub.mail.bounce-imap.host", () -> "127.0.0.1");
        registry.add("hub.mail.bounce-imap.port", () -> imap.getImap().getPort());
        registry.add("hub.mail.bounce-imap.username", () -> "bounces");
        registry.add("hub.mail.bounce-imap.password", () -> "bounce-secret");
        registry.add("hub.mail.bounce-imap.poll-interval", () -> "300");
    }

    /** Puts a mail (as its raw text) into the mailbox, as a mail server delivering a bounce does. */
    public void drop(String mail) {
        try {
            mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8))));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        imap.stop();
    }
}
