package com.coachway.hub.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The channels a notification can go out on (API.md §3). */
public enum Channel {
    SMS, WHATSAPP, EMAIL;

    /** The wire names, in this order: {@code sms, whatsapp, email}. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Channel::wire).toList();

    /** The name on the wire and in the database, e.g. {@code sms}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
