package com.coachway.hub.security;

import java.util.Set;

/**
 * Who is calling: an upstream system (API key, with its {@code source}) or a person (HTTP Basic, no source).
 *
 * @param name the key's or user's name, for logs and audit
 * @param source the CloudEvents source an API key may publish as, or null for users
 * @param roles the caller's roles ({@code publisher}, {@code ops}, {@code admin}, {@code analyst})
 */
public record Caller(String name, String source, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether the caller reads what every source made (ops, admins, analysts), not only its own. */
    public boolean seesAll() {
        return hasRole(Roles.OPS) || hasRole(Roles.ADMIN) || hasRole(Roles.ANALYST);
    }
}
