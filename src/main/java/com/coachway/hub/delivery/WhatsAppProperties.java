package com.coachway.hub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WhatsApp under {@code hub.whatsapp}.
 *
 * @param provider {@code twilio} or {@code meta}
 */
@ConfigurationProperties("hub.whatsapp")
record WhatsAppProperties(@DefaultValue("twilio") String provider) {

    public WhatsAppProperties {
        if (!"twilio".equals(provider) && !"meta".equals(provider)) {
            throw new IllegalArgumentException("hub.whatsapp.provider must be twilio or meta, not " + provider);
        }
    }

    public boolean meta() {
        return "meta".equals(provider);
    }
}
