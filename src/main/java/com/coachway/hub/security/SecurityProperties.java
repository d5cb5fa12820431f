package com.coachway.hub.security;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys and users under {@code hub.security}.
 *
 * @param apiKeys one per upstream source
 * @param users people: ops, admins, analysts
 */
@ConfigurationProperties("hub.security")
public record SecurityProperties(@DefaultValue List<ApiKey> apiKeys, @DefaultValue List<User> users) {

    /**
     * An upstream system's key.
     *
     * @param source the CloudEvents source this key may publish as
     * @param key the key itself, or {@code {sha256}<hex>} of it
     * @param roles what the key may do; {@code publisher} unless said otherwise
     */
    public record ApiKey(String source, String key, @DefaultValue("publisher") Set<String> roles) {
    }

    /**
     * A person.
     *
     * @param name the login name
     * @param password {@code {bcrypt}…} or {@code {noop}…}
     * @param roles {@code ops}, {@code admin}, {@code analyst}
     */
    public record User(String name, String password, @DefaultValue Set<String> roles) {
    }
}
