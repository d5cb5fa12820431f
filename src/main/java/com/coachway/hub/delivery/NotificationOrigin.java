package com.coachway.hub.delivery;

import java.util.Locale;

/** What made a notification, kept in {@code notifications.origin} (the database checks the same list). */
public enum NotificationOrigin {
    /** A rule of the routing table, for an event. */
    EVENT,
    /** {@code POST /api/v1/notifications}. */
    API,
    /** {@code POST /api/v1/notifications/{id}/resend}. */
    RESEND,
    /** The hub's own lead notices and agent digests. */
    LEAD,
    /** A customer's reply forwarded to customer care. */
    REPLY,
    /** An answer to a customer's message: one ops wrote, or the help text. */
    ANSWER,
    /**
     * The confirmation of an opt-out a provider does not confirm itself. It goes to the address that has just opted
     * out, so it alone is sent without asking consent; nothing outside the hub can make one (a resend of it is a
     * {@link #RESEND}, and consent applies to that).
     */
    CONFIRMATION;

    /** The name in the database, e.g. {@code answer}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a notification of this stored origin is sent whatever consent says. */
    static boolean ignoresConsent(String wire) {
        return CONFIRMATION.wire().equals(wire);
    }
}
