package com.coachway.hub.http;

import org.springframework.stereotype.Component;

/** Links the hub hands out (status callbacks, unsubscribe, tracking) start at {@code hub.public-base-url}. */
@Component
public class PublicUrls {

    private final String base;

    public PublicUrls(SiteProperties site) {
        String text = site.publicBaseUrl().toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** The public URL of a path such as {@code /webhooks/twilio/status}. */
    public String of(String path) {
        return base + (path.startsWith("/") ? path : "/" + path);
    }
}
