package com.coachway.hub.delivery.sms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.DeliveryWork;
import com.coachway.hub.providers.TwilioProperties;
import com.coachway.hub.http.PublicUrls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.type.PhoneNumber;

/**
 * Writes the camel-twilio headers of one message ({@code twilio://message/create}): To, From, Body or the approved
 * template ({@code ContentSid} + {@code ContentVariables}), and the status callback URL. WhatsApp addresses get the
 * {@code whatsapp:} prefix.
 */
@Component
public class TwilioRequests {

    static final String PREFIX = "CamelTwilio.";

    private final TwilioProperties twilio;
    private final PublicUrls urls;
    private final ObjectMapper json;

    public TwilioRequests(TwilioProperties twilio, PublicUrls urls, ObjectMapper json) {
        this.twilio = twilio;
        this.urls = urls;
        this.json = json;
    }

    /** Replaces the message headers with the Twilio parameters of {@code work}. */
    public void stamp(Map<String, Object> headers, DeliveryWork work) {
        headers.clear();
        headers.putAll(parameters(work));
    }

    Map<String, Object> parameters(DeliveryWork work) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(PREFIX + "to", to(work));
        parameters.put(PREFIX + "from", from(work));
        parameters.put(PREFIX + "statusCallback", urls.of("/webhooks/twilio/status"));
        if (DeliveryWork.TEMPLATE.equals(work.mode()) && work.providerTemplate() != null) {
            parameters.put(PREFIX + "body", null);
            parameters.put(PREFIX + "contentSid", work.providerTemplate().id());
            parameters.put(PREFIX + "contentVariables", contentVariables(work.providerTemplate().values()));
        } else {
            parameters.put(PREFIX + "body", work.text());
        }
        return parameters;
    }

    /** Twilio's To of {@code work}: the address, {@code whatsapp:}-prefixed on WhatsApp. */
    PhoneNumber to(DeliveryWork work) {
        return new PhoneNumber(prefix(work) + work.address());
    }

    /** Twilio's From of {@code work}: the configured sender of its channel. */
    PhoneNumber from(DeliveryWork work) {
        String from = "whatsapp".equals(work.channel()) ? twilio.whatsappFrom() : twilio.smsFrom();
        return new PhoneNumber(prefix(work) + (from == null ? "" : from));
    }

    private static String prefix(DeliveryWork work) {
        return "whatsapp".equals(work.channel()) ? "whatsapp:" : "";
    }

    // Twilio Content API variables: {"1": "...", "2": "..."} in template order
    private String contentVariables(List<String> values) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            variables.put(Integer.toString(i + 1), values.get(i));
        }
        try {
            return json.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write ContentVariables", e);
        }
    }
}
