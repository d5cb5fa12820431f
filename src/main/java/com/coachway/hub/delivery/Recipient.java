package com.coachway.hub.delivery;

/**
 * Whom a notification is for, as the request named them (API.md: {@code name, phone, email, locale}).
 *
 * @param name display name
 * @param phone phone in any format libphonenumber reads
 * @param email email address
 * @param locale BCP 47 language tag, e.g. {@code en} or {@code es-MX}
 */
public record Recipient(String name, String phone, String email, String locale) {

    public static final Recipient NOBODY = new Recipient(null, null, null, null);
}
