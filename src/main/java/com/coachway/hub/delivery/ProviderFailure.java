package com.coachway.hub.delivery;

/**
 * What went wrong at a provider, in provider-neutral terms.
 *
 * @param provider twilio, meta or smtp
 * @param kind how it failed
 * @param httpStatus HTTP status (Twilio, Meta), or null
 * @param code the provider's error code (Twilio {@code 21211}, Meta {@code 131047}, SMTP {@code 5.1.1} or {@code 550})
 * @param message the provider's words
 */
public record ProviderFailure(String provider, Kind kind, Integer httpStatus, String code, String message) {

    /** How an attempt failed. */
    public enum Kind {
        /** The provider answered with an error. */
        REJECTED,
        /** No answer (too slow, or the connection closed first): the message may or may not have been taken. */
        TIMEOUT,
        /** No connection could be made. */
        CONNECTION,
        /**
         * The connection broke once made (reset, closed part-way through the answer): the request may have reached
         * the provider, as after a timeout, or may not have, as when no connection was made.
         */
        BROKEN,
        /** Anything else. */
        UNKNOWN
    }

    /** An error the provider answered; without words of its own (a status callback), the code's meaning stands in. */
    public static ProviderFailure rejected(String provider, Integer httpStatus, String code, String message) {
        return new ProviderFailure(provider, Kind.REJECTED, httpStatus, code,
                message == null || message.isBlank() ? ProviderErrors.meaning(provider, code) : message);
    }

    /** One line for timelines and logs. */
    public String describe() {
        String status = kind != Kind.REJECTED
                ? kind.name().toLowerCase(java.util.Locale.ROOT)
                : code != null ? code : "HTTP " + httpStatus;
        if (message == null || message.isBlank()) {
            return provider + " " + status;
        }
        String words = message.length() > 300 ? message.substring(0, 300) + "…" : message;
        // words that begin with the status name it once: "twilio HTTP 502 with no Twilio error in it: …", "smtp 550 …"
        return provider + " " + (words.startsWith(status + " ") ? words : status + ": " + words);
    }
}
