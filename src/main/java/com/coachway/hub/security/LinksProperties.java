package com.coachway.hub.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Link signing under {@code hub.links}.
 *
 * @param secret the HMAC key of unsubscribe and tracking links: required, and the same on every instance
 */
@ConfigurationProperties("hub.links")
record LinksProperties(String secret) {

    @Override
    public String toString() {
        return "LinksProperties[secret=" + (secret == null || secret.isBlank() ? "unset" : "****") + "]";
    }
}
