package com.coachway.hub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Meta WhatsApp Cloud API under {@code hub.meta}; used when {@code hub.whatsapp.provider=meta}.
 *
 * @param baseUrl Graph API base including the version
 * @param phoneNumberId the sending phone number's id
 * @param accessToken system-user access token
 * @param appSecret signs the webhooks ({@code X-Hub-Signature-256})
 * @param verifyToken answers Meta's webhook verification handshake
 */
@ConfigurationProperties("hub.meta")
public record MetaProperties(@DefaultValue("https://graph.facebook.com/v21.0") String baseUrl, String phoneNumberId,
        String accessToken, String appSecret, String verifyToken) {

    public boolean sandbox() {
        return phoneNumberId == null || phoneNumberId.isBlank() || accessToken == null || accessToken.isBlank();
    }
}
