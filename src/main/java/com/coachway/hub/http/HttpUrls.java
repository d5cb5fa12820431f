package com.coachway.hub.http;

import java.net.URI;
import java.net.URISyntaxException;

/** The one check of a configured base URL the hub builds others on: absolute, http or https, a host, no query. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** Whether paths can be appended to {@code url} and the result called or handed out. */
    public static boolean isBase(URI url) {
        String scheme = url.getScheme();
        return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && url.getHost() != null
                && url.getRawQuery() == null && url.getRawFragment() == null;
    }

    /** As {@link #isBase(URI)}, for a URL written as text. */
    public static boolean isBase(String url) {
        try {
            return isBase(new URI(url.trim()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
