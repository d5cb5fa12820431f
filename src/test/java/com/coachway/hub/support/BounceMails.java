package com.coachway.hub.support;

/** Bounce mails as receiving servers write them: RFC 3464 DSNs and an RFC 5965 complaint. */
public final class BounceMails {

    private BounceMails() {
    }

    /** A DSN about one recipient, returning the original's headers (text/rfc822-headers). */
    public static String dsn(String recipient, String originalMessageId, String action, String status,
            String diagnostic) {
        return """
                Return-Path: <>
                From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
                To: bounces@coachway.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dsn.%5$s@mx.example.net>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

                --BOUNDARY
                Content-Type: text/plain; charset=us-ascii

                This is the mail system at host mx.example.net. Your message could not be delivered.

                --BOUNDARY
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.net
                Arrival-Date: Sat, 21 Nov 2026 10:00:00 +0000

                Final-Recipient: rfc822; %1$s
                Original-Recipient: rfc822;%1$s
                Action: %3$s
                Status: %4$s
                Diagnostic-Code: smtp; %6$s

                --BOUNDARY
                Content-Type: text/rfc822-headers

                Message-ID: %2$s
                From: CoachWay Charters <notifications@coachway.example>
                To: %1$s
                Subject: Your coach charter quote

                --BOUNDARY--
                """.formatted(recipient, originalMessageId, action, status, Integer.toHexString(
                (recipient + originalMessageId + status).hashCode()), diagnostic).replace("\n", "\r\n");
    }

    /** An ARF complaint with the whole original attached (message/rfc822). */
    public static String complaint(String recipient, String originalMessageId) {
        return """
                From: Feedback Loop <fbl@isp.example>
                To: bounces@coachway.example
                Subject: FW: Your coach charter quote
                Message-ID: <arf.%3$s@isp.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"

                --ARF
                Content-Type: text/plain

                This is an email abuse report for an email message received from IP 192.0.2.1.

                --ARF
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1
                Original-Rcpt-To: <%1$s>

                --ARF
                Content-Type: message/rfc822

                Message-ID: %2$s
                From: CoachWay Charters <notifications@coachway.example>
                To: %1$s
                Subject: Your coach charter quote

                Hi Ana, here is your quote.

                --ARF--
                """.formatted(recipient, originalMessageId, Integer.toHexString((recipient + "arf").hashCode()))
                .replace("\n", "\r\n");
    }
}
