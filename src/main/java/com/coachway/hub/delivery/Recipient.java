package com.coachway.hub.delivery;

/**
 * Whom a notification is for, as the request named them (API.md: {@code name, phone, email, locale}, and the
 * {@code timezone} an event's recipient may carry).
 *
 * @param name display name
 * @param phone phone in any format libphonenumber reads
 * @param email email address
 * @param locale BCP 47 language tag, e.g. {@code en} or {@code es-MX}
 * @param timezone IANA zone the recipient reads times in, e.g. {@code America/New_York}, or null for the company's
 */
public record Recipient(String name, String phone, String email, String locale, String timezone) {

    public static final Recipient NOBODY = new Recipient(null, null, null, null, null);

    /** Someone with no time zone of their own: times reach them in the company's. */
    public Recipient(String name, String phone, String email, String locale) {
        this(name, phone, email, locale, null);
    }
}
