package com.coachway.hub.delivery.sms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.DeliveryWork;
import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.providers.TwilioProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.type.PhoneNumber;

/**
 * The Twilio parameters of one message ({@code twilio://message/create}): To, From, Body or the approved template
 * ({@code ContentSid} + {@code ContentVariables}), and the status callback URL. WhatsApp addresses get the
 * {@code whatsapp:} prefix. The deliver-sms route maps them onto camel-twilio's headers.
 */
@Component
class TwilioRequests {

    private final TwilioProperties twilio;
    private final PublicUrls urls;
    private final ObjectMapper json;

    public TwilioRequests(TwilioProperties twilio, PublicUrls urls, ObjectMapper json) {
        this.twilio = twilio;
        this.urls = urls;
        this.json = json;
    }

    /**
     * One message to create at Twilio.
     *
     * @param to the recipient
     * @param from the sender
     * @param statusCallback where Twilio reports the message's status
     * @param body the text, or null when an approved template is sent
     * @param contentSid the approved template, or null
     * @param contentVariables the template's values as Twilio's JSON, or null
     */
    public record TwilioMessage(PhoneNumber to, PhoneNumber from, String statusCallback, String body,
            String contentSid, String contentVariables) {
    }

    /** The Twilio parameters of {@code work}. */
    public TwilioMessage of(DeliveryWork work) {
        String callback = urls.of("/webhooks/twilio/status");
        if (DeliveryWork.TEMPLATE.equals(work.mode()) && work.providerTemplate() != null) {
            return new TwilioMessage(to(work), from(work), callback, null, work.providerTemplate().id(),
                    contentVariables(work.providerTemplate().values()));
        }
        return new TwilioMessage(to(work), from(work), callback, work.text(), null, null);
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
