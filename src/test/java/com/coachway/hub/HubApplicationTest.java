package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class HubApplicationTest {

    @Test
    void theOutboundHttpClientLetsIdleConnectionsGoSoonUnlessTheOperatorSaysOtherwise() {
        Properties plain = new Properties();
        Properties given = new Properties();
        given.setProperty("jdk.httpclient.keepalive.timeout", "30");

        HubApplication.httpClientDefaults(plain);
        HubApplication.httpClientDefaults(given);

        assertThat(plain).containsEntry("jdk.httpclient.keepalive.timeout", "5")
                .containsEntry("jdk.httpclient.enableAllMethodRetry", "true");
        assertThat(given).containsEntry("jdk.httpclient.keepalive.timeout", "30")
                .containsEntry("jdk.httpclient.enableAllMethodRetry", "true");
    }
}
