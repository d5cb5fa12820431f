package com.coachway.hub.delivery;

import java.util.regex.Pattern;

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
    // line breaks, tabs and other control characters, in any run: a name is one line wherever it is printed
    private static final Pattern NOT_ONE_LINE = Pattern.compile("[\\s\\p{Cc}\\u2028\\u2029]+");

    /** The name on one line: "Ana\r\nRuiz" from a system's text box greets "Ana Ruiz", not a broken line. */
    public Recipient {
        name = name == null ? null : NOT_ONE_LINE.matcher(name).replaceAll(" ").strip();
    }

    /** Someone with no time zone of their own: times reach them in the company's. */
    public Recipient(String name, String phone, String email, String locale) {
        this(name, phone, email, locale, null);
    }
}
