package com.coachway.hub.vocabulary;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * A recipient's {@code timezone} (API.md §2: an IANA name such as {@code America/New_York}), read the same way
 * wherever a time is computed or shown for them.
 */
public final class TimeZones {

    private TimeZones() {
    }

    /** The zone named, or {@code fallback} when the name is absent or not a zone Java knows. */
    public static ZoneId or(String name, ZoneId fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            return fallback;
        }
    }

    /** Whether {@code name} is a zone Java knows. */
    public static boolean known(String name) {
        return or(name, null) != null;
    }
}
