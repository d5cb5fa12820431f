package com.coachway.hub.security;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import com.coachway.hub.messaging.PermanentFailure;

/** Tells routes who is calling, over HTTP (the authenticated request) or AMQP (the {@code api_key} header). */
@Component
class Callers {

    private final ApiKeyRegistry keys;

    public Callers(ApiKeyRegistry keys) {
        this.keys = keys;
    }

    /** The caller of the HTTP request being served on this thread, or null when anonymous. */
    public Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return null;
        }
        if (authentication.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        return new Caller(authentication.getName(), null, Set.copyOf(Roles.of(authentication.getAuthorities())));
    }

    /** The publisher of an AMQP message; a missing or unknown key makes the message a permanent failure. */
    public Caller fromApiKey(String apiKey) {
        Caller caller = keys.find(apiKey)
                .orElseThrow(() -> new PermanentFailure(apiKey == null || apiKey.isBlank()
                        ? "the api_key header is missing"
                        : "the api_key header holds an unknown key"));
        if (!caller.hasRole(Roles.PUBLISHER)) {
            throw new PermanentFailure("the api_key of " + caller.source() + " lacks the publisher role");
        }
        return caller;
    }
}
