package com.coachway.hub.security;

import java.util.Set;

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

    static final Set<String> ALL = Set.of(PUBLISHER, OPS, ADMIN, ANALYST);

    private Roles() {
    }
}
