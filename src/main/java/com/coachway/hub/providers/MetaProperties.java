package com.coachway.hub.providers;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.settings.PositiveDuration;

/**
 * Meta WhatsApp Cloud API under {@code hub.meta}; used when {@code hub.whatsapp.provider=meta}.
 *
 * @param baseUrl Graph API base including the version
 * @param phoneNumberId the sending phone number's id
 * @param accessToken system-user access token
 * @param appSecret signs the webhooks ({@code X-Hub-Signature-256})
 * @param verifyToken answers Meta's webhook verification handshake
 * @param connectTimeout connect timeout of one request
 * @param readTimeout response timeout of one request
 */
@Validated
@ConfigurationProperties("hub.meta")
public record MetaProperties(@DefaultValue("https://graph.facebook.com/v21.0") String baseUrl, String phoneNumberId,
        String accessToken, String appSecret, String verifyToken,
        @DefaultValue("PT5S") @PositiveDuration Duration connectTimeout,
        @DefaultValue("PT10S") @PositiveDuration Duration readTimeout) implements RouteSettings {

    public boolean sandbox() {
        return phoneNumberId == null || phoneNumberId.isBlank() || accessToken == null || accessToken.isBlank();
    }

    @Override
    public Map<String, Object> routeSettings() {
        // without a phone number id the Meta route never sends (sandbox); its URI must still be a valid one
        return Map.of("route.meta.base-url", baseUrl, "route.meta.phone-number-id",
                sandbox() ? "sandbox" : phoneNumberId,
                "route.meta.connect-timeout-ms", connectTimeout.toMillis(),
                "route.meta.read-timeout-ms", readTimeout.toMillis());
    }

    @Override
    public String toString() {
        // settings get logged; the token and secrets never are
        return "MetaProperties[" + phoneNumberId + " at " + baseUrl + "]";
    }
}
