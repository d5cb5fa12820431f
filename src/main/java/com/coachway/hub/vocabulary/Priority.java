package com.coachway.hub.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How urgent a notification is (API.md §3): critical and high travel on the urgent lanes. */
public enum Priority {
    CRITICAL, HIGH, NORMAL, LOW;

    /** The wire names, in this order: {@code critical, high, normal, low}. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Priority::wire).toList();

    /** The name on the wire and in the database, e.g. {@code high}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it takes the urgent lanes: critical and high. */
    public boolean urgent() {
        return this == CRITICAL || this == HIGH;
    }

    /** Whether the priority with this wire name takes the urgent lanes (an unknown name does not). */
    public static boolean urgent(String wire) {
        return Arrays.stream(values()).anyMatch(p -> p.urgent() && p.wire().equals(wire));
    }
}
