package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.coachway.hub.vocabulary.NotificationStatus;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;

/** Every row of the classification table. */
class ProviderErrorsTest {

    @ParameterizedTest(name = "Twilio {0} -> {1}")
    @CsvSource({
            "21211, PERMANENT", "21612, PERMANENT", "21614, PERMANENT", "30004, PERMANENT", "30005, PERMANENT",
            "30006, PERMANENT", "30007, PERMANENT", "21610, OPTED_OUT", "63016, WINDOW_CLOSED", "20429, TRANSIENT",
            "30001, TRANSIENT", "30003, TRANSIENT", "30008, TRANSIENT", "20003, TRANSIENT", "20500, TRANSIENT",
            "20503, TRANSIENT"})
    void twilioCodes(String code, Outcome outcome) {
        assertThat(ProviderErrors.classify(ProviderFailure.rejected("twilio", 400, code, "x"))).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "Meta {0} -> {1}")
    @CsvSource({
            "131047, WINDOW_CLOSED", "131026, PERMANENT", "131021, PERMANENT", "131008, PERMANENT",
            "131009, PERMANENT", "132000, PERMANENT", "132001, PERMANENT", "132015, PERMANENT", "132016, PERMANENT",
            "131050, OPTED_OUT_MARKETING", "130429, TRANSIENT", "131048, TRANSIENT", "131056, TRANSIENT",
            "131000, TRANSIENT", "131016, TRANSIENT", "133016, TRANSIENT", "4, TRANSIENT", "80007, TRANSIENT",
            "190, TRANSIENT", "368, TRANSIENT"})
    void metaCodes(String code, Outcome outcome) {
        assertThat(ProviderErrors.classify(ProviderFailure.rejected("meta", 400, code, "x"))).isEqualTo(outcome);
    }

    @Test
    void aCodeWithoutTheProvidersOwnWordsIsExplainedByTheTable() {
        // a status callback carries ErrorCode alone
        assertThat(ProviderFailure.rejected("twilio", null, "30005", null).message())
                .isEqualTo("unknown destination handset");
        assertThat(ProviderFailure.rejected("meta", null, "131050", " ").message())
                .isEqualTo("the recipient stopped marketing messages");
        // the provider's words stand; a code the table does not list has none of ours
        assertThat(ProviderFailure.rejected("twilio", 400, "21211", "The 'To' number 12 is not a valid phone number.")
                .message()).isEqualTo("The 'To' number 12 is not a valid phone number.");
        assertThat(ProviderFailure.rejected("twilio", null, "99999", null).message()).isNull();
        assertThat(ProviderFailure.rejected("smtp", null, "550", null).message()).isNull();
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"429, TRANSIENT", "500, TRANSIENT", "502, TRANSIENT", "503, TRANSIENT", "401, TRANSIENT",
            "400, PERMANENT", "404, PERMANENT", "422, PERMANENT"})
    void unlistedCodesFallBackOnTheHttpStatus(int status, Outcome outcome) {
        assertThat(ProviderErrors.classify(ProviderFailure.rejected("twilio", status, "99999", "x")))
                .isEqualTo(outcome);
        assertThat(ProviderErrors.classify(ProviderFailure.rejected("meta", status, null, "x"))).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "SMTP {0} -> {1}")
    @CsvSource({"5.1.1, HARD_BOUNCE", "5.1.10, HARD_BOUNCE", "5.1.2, HARD_BOUNCE", "5.2.2, PERMANENT",
            "5.7.1, PERMANENT", "550, PERMANENT", "554, PERMANENT", "4.2.2, TRANSIENT", "4.3.0, TRANSIENT",
            "421, TRANSIENT", "451, TRANSIENT", "535, TRANSIENT", "530, TRANSIENT"})
    void smtpCodes(String code, Outcome outcome) {
        assertThat(ProviderErrors.classify(ProviderFailure.rejected("smtp", null, code, "x"))).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "{0} {1} ends {2}")
    @CsvSource({"smtp, 5.1.1, BOUNCED", "smtp, 5.1.2, BOUNCED", "smtp, 5.2.2, FAILED", "smtp, 5.7.1, FAILED",
            "twilio, 21211, FAILED", "meta, 131026, FAILED"})
    void onlyAnAddressThatDoesNotExistEndsBounced(String provider, String code, NotificationStatus status) {
        assertThat(ProviderErrors.ended(ProviderFailure.rejected(provider, 400, code, "x"))).isEqualTo(status);
    }

    @Test
    void noAnswerIsAlwaysTransient() {
        for (String provider : new String[]{"twilio", "meta", "smtp"}) {
            for (ProviderFailure.Kind kind : ProviderFailure.Kind.values()) {
                if (kind == ProviderFailure.Kind.REJECTED) {
                    continue;
                }
                assertThat(ProviderErrors.classify(new ProviderFailure(provider, kind, null, null, "x")))
                        .isEqualTo(Outcome.TRANSIENT);
            }
        }
    }

    @Test
    void exceptionsAreReadThroughTheirWrappers() {
        assertThat(ProviderFailures.from("twilio", new RuntimeException(new SocketTimeoutException("read timed out")))
                .kind()).isEqualTo(ProviderFailure.Kind.TIMEOUT);
        assertThat(ProviderFailures.from("meta", new RuntimeException(new ConnectException("refused"))).kind())
                .isEqualTo(ProviderFailure.Kind.CONNECTION);
        assertThat(ProviderFailures.from("twilio", new ApiConnectionException("IOException during API request"))
                .kind()).isEqualTo(ProviderFailure.Kind.CONNECTION);
        // sent, then the connection closed: the provider may have it, so it is an unknown outcome, not a refusal
        assertThat(ProviderFailures.from("twilio", new ApiConnectionException("IOException during API request",
                new NoHttpResponseException("The target server failed to respond")))).satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(ProviderFailure.Kind.TIMEOUT);
                    assertThat(f.message()).contains("closed before any answer");
                });
        // the Twilio SDK's own wrapping of an I/O failure: an ApiException without a code
        assertThat(ProviderFailures.from("twilio", new ApiException("Connection reset",
                new SocketException("Connection reset")))).satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(ProviderFailure.Kind.BROKEN);
                    assertThat(f.describe()).isEqualTo("twilio broken: SocketException: Connection reset");
                });
        assertThat(ProviderFailures.from("twilio", new ApiException("refused", new ConnectException("refused")))
                .kind()).isEqualTo(ProviderFailure.Kind.CONNECTION);
        assertThat(ProviderFailures.from("twilio", new RuntimeException(new ProviderStatusException(502, "bad"))))
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(ProviderFailure.Kind.REJECTED);
                    assertThat(f.httpStatus()).isEqualTo(502);
                    assertThat(f.describe()).isEqualTo("twilio HTTP 502: bad");
                });
        // a gateway's page instead of Twilio's error, as ops read it in the timeline and the dead letter: the status
        // once, then what came back
        assertThat(ProviderFailures.from("twilio", new ProviderStatusException(502,
                "HTTP 502 with no Twilio error in it: <html>Bad gateway</html>")).describe())
                .isEqualTo("twilio HTTP 502 with no Twilio error in it: <html>Bad gateway</html>");
    }
}
