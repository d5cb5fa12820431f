package com.coachway.hub.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.Sha256;
import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentChange;
import com.coachway.hub.consent.ConsentStore;
import com.coachway.hub.consent.Masking;
import com.coachway.hub.consent.Suppression;
import com.coachway.hub.delivery.LateFailures;
import com.coachway.hub.delivery.Notification;
import com.coachway.hub.delivery.NotificationOutcomes;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.delivery.ProviderFailure;
import com.coachway.hub.delivery.TrackingProperties;
import com.coachway.hub.tracking.BounceParser.Report;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.NotificationStatus;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the bounce mailbox receives. Every mail is kept (raw, with what was understood of it) before it is acted on,
 * and each mail is handled once however often it is read. A hard bounce (5.x.x) ends the email as {@code bounced} and
 * suppresses the address; a soft one (4.x.x) is noted on the timeline; a policy rejection (5.7.x) is marked bounced
 * and held for review, not suppressed; a complaint opts the address out of marketing and reminders. Mail that is not
 * a report, or matches no email the hub sent, is kept for ops.
 */
@Component
class BounceMailbox {

    private static final Logger log = LoggerFactory.getLogger(BounceMailbox.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final NotificationStore notifications;
    private final NotificationOutcomes outcomes;
    private final LateFailures lateFailures;
    private final ConsentStore consent;
    private final Addresses addresses;
    private final TrackingProperties properties;
    private final MeterRegistry meters;

    BounceMailbox(JdbcClient jdbc, TransactionTemplate transactions, NotificationStore notifications,
            NotificationOutcomes outcomes, LateFailures lateFailures, ConsentStore consent, Addresses addresses,
            TrackingProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.notifications = notifications;
        this.outcomes = outcomes;
        this.lateFailures = lateFailures;
        this.consent = consent;
        this.addresses = addresses;
        this.properties = properties;
        this.meters = meters;
    }

    /** A mail read from the mailbox (the consumer marks it seen only after this returns). */
    public void receiveMail(Message mail) throws IOException, MessagingException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        receive(raw.toByteArray());
    }

    /** A mail as raw RFC 5322 bytes; returns the kind it was filed as. */
    public String receive(byte[] raw) {
        String digest = digest(raw);
        Optional<Report> report = BounceParser.parse(raw);
        String kind = transactions.execute(tx -> {
            if (jdbc.sql("SELECT count(*) FROM bounce_messages WHERE digest = :digest").param("digest", digest)
                    .query(Integer.class).single() > 0) {
                return "duplicate";
            }
            if (report.isEmpty()) {
                keep(digest, raw, "unparseable", null, null, "not a delivery status notification or feedback report");
                return "unparseable";
            }
            Optional<Notification> notification = match(report.get());
            if (notification.isEmpty()) {
                keep(digest, raw, "unmatched", report.get(), null, "no email of the hub matches it");
                return "unmatched";
            }
            String filed = act(report.get(), notification.get());
            keep(digest, raw, filed, report.get(), notification.get().id(), null);
            return filed;
        });
        meters.counter("hub.bounces.received", "kind", kind).increment();
        log.info("Bounce mailbox: filed a mail as {}", kind);
        return kind;
    }

    private String act(Report report, Notification notification) {
        String detail = "bounce " + (report.status() == null ? "" : report.status() + " ")
                + (report.diagnostic() == null ? "" : "(" + clip(report.diagnostic(), 200) + ")");
        String address = addresses.email(report.recipient()).orElse(notification.address());
        switch (report.kind()) {
            case HARD -> {
                consent.optOut(new ConsentChange("email", address, null, Suppression.SUPPRESSED,
                        clip(detail, 300), "hard_bounce", "bounce-mailbox", notification.id()));
                lateFailures.undelivered(notification, NotificationStatus.BOUNCED, failure(report),
                        "hard " + detail + "; address suppressed");
                return "hard";
            }
            case REVIEW -> {
                lateFailures.undelivered(notification, NotificationStatus.BOUNCED, failure(report),
                        "rejected " + detail + "; held for review, address not suppressed");
                return "review";
            }
            case SOFT -> {
                outcomes.note(notification, "soft " + detail
                        + "; the mail server keeps trying, nothing changed");
                return "soft";
            }
            case COMPLAINT -> {
                for (String category : Category.OPTIONAL) {
                    consent.optOut(ConsentChange.optOut("email", address, category, "marked the email as spam",
                            "complaint", "bounce-mailbox").about(notification.id()));
                }
                outcomes.note(notification, "the recipient marked this email as spam; " + Masking.address(address)
                        + " opted out of marketing and reminders");
                return "complaint";
            }
            default -> throw new IllegalStateException("unknown report kind " + report.kind());
        }
    }

    private static ProviderFailure failure(Report report) {
        return ProviderFailure.rejected("smtp", null, report.status(), report.diagnostic());
    }

    // our Message-ID is <ntf_...@domain>; else the provider id; else the newest email sent to the recipient
    private Optional<Notification> match(Report report) {
        String messageId = report.originalMessageId() == null ? null : report.originalMessageId().strip();
        if (messageId != null) {
            String local = messageId.replaceFirst("^<", "").replaceFirst("@.*$", "");
            if (local.startsWith("ntf_")) {
                Optional<Notification> byId = notifications.lock(local).filter(n -> "email".equals(n.channel()));
                if (byId.isPresent()) {
                    return byId;
                }
            }
            Optional<Notification> byProviderId = notifications.lockByProviderMessage("smtp", messageId);
            if (byProviderId.isPresent()) {
                return byProviderId;
            }
        }
        if (report.recipient() == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT id FROM notifications
                WHERE channel = 'email' AND address = :address AND provider_message_id IS NOT NULL
                  AND created_at > :since
                ORDER BY created_at DESC LIMIT 1
                """)
                .param("address", report.recipient())
                .param("since", java.sql.Timestamp.from(Instant.now().minus(properties.softBounceWindow())))
                .query(String.class)
                .optional()
                .flatMap(notifications::lock);
    }

    private void keep(String digest, byte[] raw, String kind, Report report, String notificationId, String note) {
        jdbc.sql("""
                INSERT INTO bounce_messages (digest, subject, kind, original_message_id, recipient, status_code,
                    action, diagnostic, notification_id, note, raw)
                VALUES (:digest, :subject, :kind, :original, :recipient, :status, :action, :diagnostic,
                    :notification, :note, :raw)
                """)
                .param("digest", digest)
                .param("subject", report == null ? null : clip(report.subject(), 500))
                .param("kind", kind)
                .param("original", report == null ? null : clip(report.originalMessageId(), 500))
                .param("recipient", report == null ? null : clip(report.recipient(), 320))
                .param("status", report == null ? null : report.status())
                .param("action", report == null ? null : clip(report.action(), 50))
                .param("diagnostic", report == null ? null : clip(report.diagnostic(), 1000))
                .param("notification", notificationId)
                .param("note", note)
                .param("raw", raw)
                .update();
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.replace("\0", "");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    private static String digest(byte[] raw) {
        return Sha256.hex(raw);
    }
}
