package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Without the management plugin the queue listing still answers, and says why it has no rates. */
class BrokerRatesTest {

    private static BrokerRates rates(String url) {
        return new BrokerRates(url, "/", "guest", "guest", new ObjectMapper(), Clock.systemUTC());
    }

    @Test
    void noUrlMeansNoRatesAndSaysSo() {
        BrokerRates.Answer answer = rates("").current();

        assertThat(answer.byQueue()).isEmpty();
        assertThat(answer.unavailable()).isEqualTo("hub.messaging.management-url is empty");
    }

    @Test
    void aBrokerWithoutThePluginIsNamedWithoutItsCredentials() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        BrokerRates.Answer answer = rates("http://127.0.0.1:" + closed).current();

        assertThat(answer.byQueue()).isEmpty();
        assertThat(answer.unavailable())
                .isEqualTo("the RabbitMQ management API at http://127.0.0.1:" + closed
                        + " cannot be reached (ConnectException); the rabbitmq_management plugin may be off")
                .doesNotContain("guest");
    }

    @Test
    void aUrlThatIsNoBaseStopsTheStart() {
        assertThatThrownBy(() -> rates("localhost:15672")).hasMessageContaining("hub.messaging.management-url");
        assertThatThrownBy(() -> rates("http://localhost:15672/?x=1")).hasMessageContaining("not http://");
    }
}
