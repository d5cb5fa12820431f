package com.coachway.hub.consent;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Normalises contact addresses so one person has one key per channel: phones to E.164 with libphonenumber (national
 * formats use {@code hub.consent.default-region}), emails trimmed and lower-cased after a strict syntax check.
 */
@Component
public class Addresses {

    static final int MAX_LENGTH = 254;

    /** What every API says of an email address it cannot send to, as the event schemas say it. */
    public static final String EMAIL_EXPECTED = "must be an email address the hub can send to, such as ana@example.com";

    /** What a lookup says of a value that {@link #emailOrPhone} cannot read. */
    public static final String EMAIL_OR_PHONE_EXPECTED = "is neither a valid email address nor a phone number";

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public Addresses(ConsentProperties properties) {
        this.defaultRegion = properties.defaultRegion().toUpperCase(Locale.ROOT);
        if (!phones.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalStateException("hub.consent.default-region '" + properties.defaultRegion()
                    + "' is not a region libphonenumber knows (use an ISO 3166 code such as US or GB)");
        }
    }

    /** The E.164 form of a phone number, or empty when it is not a valid number. */
    public Optional<String> phone(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 64 || raw.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String text = raw.trim();
        if (text.regionMatches(true, 0, "whatsapp:", 0, 9)) {
            text = text.substring(9);
        }
        try {
            PhoneNumber number = phones.parse(text, defaultRegion);
            // "possible" (right length for the country), not "valid": number-range metadata lags reality, and the
            // provider has the final word (Twilio 21211) on numbers that do not exist. Possible only locally (a US
            // number without its area code, 555-0100) is not possible: its E.164 form reaches nobody
            if (phones.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
                return Optional.empty();
            }
            return Optional.of(phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** What every API says of a phone number it cannot send to, as the event schemas say it, with the region named. */
    public String phoneExpected() {
        return "must be a phone number, such as +1 617 555 0142 (without a country code, one of " + defaultRegion + ")";
    }

    /** {@link #phoneExpected()} or {@link #EMAIL_EXPECTED}: what the address of a channel must be. */
    public String expected(String channel) {
        return "email".equals(channel) ? EMAIL_EXPECTED : phoneExpected();
    }

    /**
     * An address a person gives to be found by, in any notation ({@code MARIA@example.com}, {@code (617) 555-0142}):
     * its email form, else its E.164 phone form, else empty.
     */
    public Optional<String> emailOrPhone(String raw) {
        return email(raw).or(() -> phone(raw));
    }

    /** The canonical form of an email address, or empty when it is not a valid single address. */
    public Optional<String> email(String raw) {
        return canonicalEmail(raw);
    }

    /** {@link #email}, for what runs before the beans do (a migration of stored addresses). */
    static Optional<String> canonicalEmail(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH
                || raw.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String ascii = asciiDomain(raw.trim());
        if (ascii == null) {
            return Optional.empty();
        }
        String text = ascii.toLowerCase(Locale.ROOT);
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            String bare = address.getAddress();
            // no display names, no local-only addresses: exactly user@domain.tld
            if (!bare.equals(text) || bare.indexOf('@') < 1 || !bare.substring(bare.indexOf('@')).contains(".")) {
                return Optional.empty();
            }
            return Optional.of(bare);
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    // the domain in its ASCII (punycode) form, as DNS and SMTP know it: "exämple.com" and "xn--exmple-cua.com" are one
    // mailbox, for sending and for its opt-out alike; null for a domain no host can have ("-example.com")
    private static String asciiDomain(String address) {
        int at = address.lastIndexOf('@');
        try {
            return address.substring(0, at + 1) + IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The address of a channel: a phone for sms and whatsapp, an email for email. */
    public Optional<String> forChannel(String channel, String phone, String email) {
        return "email".equals(channel) ? email(email) : phone(phone);
    }
}
