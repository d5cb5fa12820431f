package com.coachway.hub.security;

import java.util.List;

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

    private Roles() {
    }
}
