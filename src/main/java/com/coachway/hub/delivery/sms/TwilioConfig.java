package com.coachway.hub.delivery.sms;

import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.coachway.hub.providers.TwilioProperties;
import com.twilio.http.TwilioRestClient;

/** The {@link TwilioRestClient} camel-twilio uses ({@code camel.component.twilio.rest-client=#twilioRestClient}). */
@Configuration(proxyBeanMethods = false)
class TwilioConfig {

    @Bean
    TwilioRestClient twilioRestClient(TwilioProperties twilio) {
        // in sandbox mode nothing is sent, but the component still wants a client to start with
        String sid = twilio.sandbox() ? "ACsandbox" : twilio.accountSid();
        String token = twilio.sandbox() ? "sandbox" : twilio.authToken();
        return new TwilioRestClient.Builder(sid, token)
                .accountSid(sid)
                .httpClient(new TwilioHttpClient(twilio.baseUrl(),
                        Timeout.ofMilliseconds(twilio.connectTimeout().toMillis()),
                        Timeout.ofMilliseconds(twilio.readTimeout().toMillis())))
                .build();
    }
}
