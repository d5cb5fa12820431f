package com.coachway.hub.tracking;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.angus.mail.dsn.DeliveryStatus;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads what arrives in the bounce mailbox: a delivery status notification (RFC 3464, multipart/report with a
 * message/delivery-status part, read with Angus Mail's DSN support) or a complaint (RFC 5965 feedback report), and
 * the Message-ID of the returned original. Anything else is not a report.
 */
final class BounceParser {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern STATUS = Pattern.compile("^\\s*([245])\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern ADDRESS = Pattern.compile("^\\s*(?:rfc822\\s*;)?\\s*<?([^<>\\s;]+@[^<>\\s;]+)>?",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_DEPTH = 4;

    /** What a report says. */
    enum Kind {
        /** 5.x.x: the address does not take mail. */
        HARD,
        /** 4.x.x or delayed: the server keeps trying. */
        SOFT,
        /** 5.7.x (policy, spam) or anything a person should look at before the address is suppressed. */
        REVIEW,
        /** The recipient marked the message as spam. */
        COMPLAINT
    }

    /**
     * A parsed report.
     *
     * @param kind what it means
     * @param subject the bounce mail's subject
     * @param originalMessageId the Message-ID of the message it is about, if it was returned
     * @param recipient the recipient it is about, lower-cased
     * @param status the enhanced status code (RFC 3463), e.g. 5.1.1
     * @param action the DSN action (failed, delayed, delivered...) or the feedback type
     * @param diagnostic the remote server's words
     */
    record Report(Kind kind, String subject, String originalMessageId, String recipient, String status, String action,
            String diagnostic) {
    }

    private BounceParser() {
    }

    /** The report in a raw mail; empty when the mail is not a DSN or feedback report (or cannot be read). */
    static Optional<Report> parse(byte[] raw) {
        try {
            MimeMessage mail = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            Found found = new Found();
            walk(mail, found, 0);
            if (found.dsn != null) {
                return dsn(mail.getSubject(), found);
            }
            if (found.feedback != null) {
                return Optional.of(new Report(Kind.COMPLAINT, mail.getSubject(), found.originalMessageId,
                        firstAddress(found.feedback.getHeader("Original-Rcpt-To", null), found.originalTo),
                        null, lower(found.feedback.getHeader("Feedback-Type", null)), null));
            }
            return Optional.empty();
        } catch (MessagingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static final class Found {
        private DeliveryStatus dsn;
        private InternetHeaders feedback;
        private String originalMessageId;
        private String originalTo;
    }

    private static void walk(Part part, Found found, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), found, depth + 1);
            }
        } else if (part.isMimeType("message/delivery-status") && found.dsn == null) {
            found.dsn = new DeliveryStatus(part.getInputStream());
        } else if (part.isMimeType("message/feedback-report") && found.feedback == null) {
            found.feedback = new InternetHeaders(part.getInputStream());
        } else if ((part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers"))
                && found.originalMessageId == null && part instanceof BodyPart) {
            InternetHeaders original = new InternetHeaders(part.getInputStream());
            found.originalMessageId = original.getHeader("Message-ID", null);
            found.originalTo = original.getHeader("To", null);
        }
    }

    private static Optional<Report> dsn(String subject, Found found) {
        InternetHeaders recipient = null;
        for (int i = 0; i < found.dsn.getRecipientDSNCount(); i++) {
            InternetHeaders candidate = found.dsn.getRecipientDSN(i);
            String action = lower(candidate.getHeader("Action", null));
            // the recipient the report is about: a failure first, then a delay, then whatever there is
            if (recipient == null || "failed".equals(action)) {
                recipient = candidate;
            }
        }
        if (recipient == null) {
            return Optional.empty();
        }
        String action = lower(recipient.getHeader("Action", null));
        String status = status(recipient.getHeader("Status", null));
        String diagnostic = recipient.getHeader("Diagnostic-Code", null);
        String address = firstAddress(recipient.getHeader("Final-Recipient", null),
                recipient.getHeader("Original-Recipient", null), found.originalTo);
        return Optional.of(new Report(classify(action, status), subject, found.originalMessageId, address, status,
                action, diagnostic == null ? null : diagnostic.strip()));
    }

    static Kind classify(String action, String status) {
        if (status != null && status.startsWith("4") || "delayed".equals(action)) {
            return Kind.SOFT;
        }
        if (status != null && status.startsWith("5") && "failed".equals(action == null ? "failed" : action)) {
            return status.startsWith("5.7.") ? Kind.REVIEW : Kind.HARD;
        }
        return Kind.REVIEW;
    }

    private static String status(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = STATUS.matcher(value);
        return matcher.find() ? matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3) : null;
    }

    private static String firstAddress(String... values) {
        for (String value : values) {
            if (value == null) {
                continue;
            }
            Matcher matcher = ADDRESS.matcher(value.contains("<") ? value.substring(value.indexOf('<')) : value);
            if (matcher.find()) {
                return matcher.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
