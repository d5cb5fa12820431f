package com.coachway.hub.delivery.email;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.DeliveryWork;
import com.coachway.hub.delivery.MailProperties;
import com.coachway.hub.templates.EmailFooter;

/**
 * Builds the email of a delivery: multipart/alternative (text and HTML), both ending with the unsubscribe link and
 * the sender's postal address, {@code List-Unsubscribe} with the one-click URL and
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} (RFC 8058), and the hub's own Message-ID so bounces and
 * replies can be matched to the notification.
 */
@Component
class EmailComposer {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final MailProperties mail;

    public EmailComposer(MailProperties mail) {
        this.mail = mail;
    }

    public MimeMessage compose(DeliveryWork work) throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new FixedIdMessage(SESSION, work.emailMessageId());
        message.setFrom(new InternetAddress(mail.from(), mail.fromName(), StandardCharsets.UTF_8.name()));
        // our emails invite replies: to whom the template names, else to hub.mail.reply-to, else to the sender
        String replyTo = work.replyTo() != null ? work.replyTo() : mail.defaultReplyTo();
        if (replyTo != null) {
            message.setReplyTo(new InternetAddress[]{new InternetAddress(replyTo, true)});
        }
        message.setRecipient(MimeMessage.RecipientType.TO, work.recipientName() == null
                ? new InternetAddress(work.address())
                : new InternetAddress(work.address(), work.recipientName(), StandardCharsets.UTF_8.name()));
        message.setSubject(work.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("List-Unsubscribe", "<" + work.unsubscribeUrl() + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.setHeader("X-CoachWay-Notification", work.notificationId());

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        String utf8 = StandardCharsets.UTF_8.name();
        text.setText(EmailFooter.text(mail, work.text(), work.unsubscribeUrl(), work.language()), utf8, "plain");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(EmailFooter.html(mail, work.html(), work.text(), work.unsubscribeUrl(),
                work.language()), utf8, "html");
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** Keeps the hub's Message-ID: JavaMail would otherwise invent one when the message is saved or sent. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
