package com.coachway.hub.security;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;

/** The hub's roles. */
public final class Roles {

    /** Upstream systems that post events, notifications and leads. */
    public static final String PUBLISHER = "publisher";
    /** Operations: dead letters, replays, queues. */
    public static final String OPS = "ops";
    /** Template and rule changes. */
    public static final String ADMIN = "admin";
    /** Read-only access to reports and records. */
    public static final String ANALYST = "analyst";

    /** Every role, in the order the API description lists them. */
    public static final List<String> ALL = List.of(PUBLISHER, OPS, ADMIN, ANALYST);

    private static final String PREFIX = "ROLE_";

    private Roles() {
    }

    /** The authority Spring Security checks for {@code role}. */
    public static String authority(String role) {
        return PREFIX + role;
    }

    /** The roles among {@code authorities}, without Spring Security's prefix, in the order of {@link #ALL}. */
    public static List<String> of(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith(PREFIX)).map(a -> a.substring(PREFIX.length())).distinct()
                .sorted(Comparator.comparingInt(ALL::indexOf)).toList();
    }
}
