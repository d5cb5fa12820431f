package com.coachway.hub.http;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's own address, {@code hub.public-base-url}.
 *
 * @param publicBaseUrl where the outside world reaches the hub: the base of tracking and unsubscribe links and of the
 *            URL Twilio signs
 */
@ConfigurationProperties("hub")
public record SiteProperties(@DefaultValue("http://localhost:8080") URI publicBaseUrl) {

    public SiteProperties {
        // every link the hub hands out starts with it: a relative or odd one would be broken in every email
        if (!HttpUrls.isBase(publicBaseUrl)) {
            throw new IllegalArgumentException("hub.public-base-url '" + publicBaseUrl
                    + "' is not an absolute http(s) URL such as https://hub.coachway.example");
        }
    }
}
