package com.coachway.hub.delivery.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.time.Duration;

import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coachway.hub.delivery.ProviderStatusException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;

/** The Twilio SDK's HTTP client as the hub configures it, against a WireMock Twilio. */
class TwilioHttpClientTest {

    private static final String SID = "AC00000000000000000000000000000001";

    private WireMockServer twilio;
    private TwilioRestClient client;

    @BeforeEach
    void start() {
        twilio = new WireMockServer(0);
        twilio.start();
        client = new TwilioRestClient.Builder(SID, "token")
                .accountSid(SID)
                .httpClient(new TwilioHttpClient(URI.create(twilio.baseUrl()), Timeout.ofSeconds(2),
                        Timeout.ofSeconds(2)))
                .build();
    }

    @AfterEach
    void stop() {
        twilio.stop();
    }

    @Test
    void requestsGoToTheConfiguredBaseUrl() {
        twilio.stubFor(post(urlPathMatching(".*")).willReturn(aResponse().withStatus(201)
                .withBody("{\"sid\":\"SM00000000000000000000000000000001\"}")));

        Message message = send();

        assertThat(message.getSid()).isEqualTo("SM00000000000000000000000000000001");
        twilio.verify(1, postRequestedFor(urlEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json")));
    }

    @Test
    void aServerErrorIsOneRequestNotFour() {
        twilio.stubFor(post(urlPathMatching(".*")).willReturn(aResponse().withStatus(503)
                .withBody("{\"code\":20503,\"message\":\"Service unavailable\",\"status\":503}")));

        assertThatThrownBy(this::send).isInstanceOf(ApiException.class);

        twilio.verify(1, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void twilioErrorBodiesKeepTheirCodeAndStatus() {
        twilio.stubFor(post(urlPathMatching(".*")).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\",\"status\":400}")));

        assertThatThrownBy(this::send).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getCode()).isEqualTo(21211);
            assertThat(e.getStatusCode()).isEqualTo(400);
        });
    }

    @Test
    void errorsWithoutTwilioBodiesKeepTheirStatus() {
        twilio.stubFor(post(urlPathMatching(".*")).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html>Bad gateway</html>")));

        assertThatThrownBy(this::send).isInstanceOfSatisfying(ProviderStatusException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).isEqualTo("HTTP 502 with no Twilio error in it: <html>Bad gateway</html>");
        });
    }

    @Test
    void aConnectionTwilioClosedWhileIdleIsNotReused() throws InterruptedException {
        WireMockServer closesIdle = new WireMockServer(options().dynamicPort().jettyIdleTimeout(300L));
        closesIdle.start();
        try {
            closesIdle.stubFor(post(urlPathMatching(".*")).willReturn(aResponse().withStatus(201)
                    .withBody("{\"sid\":\"SM00000000000000000000000000000002\"}")));
            client = new TwilioRestClient.Builder(SID, "token").accountSid(SID)
                    .httpClient(new TwilioHttpClient(URI.create(closesIdle.baseUrl()), Timeout.ofSeconds(2),
                            Timeout.ofSeconds(2)))
                    .build();
            send();
            // Jetty has long closed the pooled connection (idle 300 ms) when the next message goes, 1.5 s on
            await().pollDelay(Duration.ofMillis(1500)).until(() -> true);

            assertThat(send().getSid()).isEqualTo("SM00000000000000000000000000000002");
            closesIdle.verify(2, postRequestedFor(urlPathMatching(".*")));
        } finally {
            closesIdle.stop();
        }
    }

    private Message send() {
        return Message.creator(new PhoneNumber("+15555551234"), new PhoneNumber("+15005550006"), "hi").create(client);
    }
}
