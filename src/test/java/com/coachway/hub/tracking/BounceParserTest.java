package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.coachway.hub.support.BounceMails;
import com.coachway.hub.tracking.BounceParser.Kind;
import com.coachway.hub.tracking.BounceParser.Report;

class BounceParserTest {

    private static Report parse(String mail) {
        return BounceParser.parse(mail.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void aHardBounceIsReadWithItsRecipientStatusAndOriginalMessageId() {
        Report report = parse(BounceMails.dsn("Ana@Example.com", "<ntf_abc@coachway.example>", "failed", "5.1.1",
                "550 5.1.1 <ana@example.com>: Recipient address rejected: User unknown"));
        assertThat(report.kind()).isEqualTo(Kind.HARD);
        assertThat(report.recipient()).isEqualTo("ana@example.com");
        assertThat(report.status()).isEqualTo("5.1.1");
        assertThat(report.action()).isEqualTo("failed");
        assertThat(report.originalMessageId()).isEqualTo("<ntf_abc@coachway.example>");
        assertThat(report.diagnostic()).contains("User unknown");
        assertThat(report.subject()).isEqualTo("Undelivered Mail Returned to Sender");
    }

    @ParameterizedTest
    @CsvSource({"failed, 5.1.1, HARD", "failed, 5.2.1, HARD", "failed, 5.7.1, REVIEW", "failed, 5.7.26, REVIEW",
            "delayed, 4.2.2, SOFT", "failed, 4.4.7, SOFT", "delivered, 2.0.0, REVIEW", "relayed, 2.0.0, REVIEW"})
    void theStatusDecidesTheKind(String action, String status, Kind kind) {
        assertThat(parse(BounceMails.dsn("a@example.com", "<x@y>", action, status, "whatever")).kind())
                .isEqualTo(kind);
    }

    @Test
    void aComplaintIsAComplaint() {
        Report report = parse(BounceMails.complaint("ana@example.com", "<ntf_def@coachway.example>"));
        assertThat(report.kind()).isEqualTo(Kind.COMPLAINT);
        assertThat(report.recipient()).isEqualTo("ana@example.com");
        assertThat(report.originalMessageId()).isEqualTo("<ntf_def@coachway.example>");
        assertThat(report.action()).isEqualTo("abuse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a mail at all", "Subject: hello\r\n\r\nJust a reply, thanks!",
            "Content-Type: multipart/report; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--",
            "Content-Type: multipart/mixed; boundary=\"unterminated\r\n\r\n--unterminated"})
    void anythingElseIsNotAReport(String mail) {
        assertThat(BounceParser.parse(mail.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
