package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    private final Addresses us = new Addresses(new ConsentProperties("US", "help", "stopped", List.of(), "no offers"));
    private final Addresses gb = new Addresses(new ConsentProperties("gb", "help", "stopped", List.of(), "no offers"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+1 (555) 555-1234 | +15555551234",
            "(555) 555-1234 | +15555551234",
            "555.555.1234 | +15555551234",
            "1-555-555-1234 | +15555551234",
            "+15555551234 | +15555551234",
            "whatsapp:+15555551234 | +15555551234",
            "+44 20 7946 0958 | +442079460958",
            "+49 30 901820 | +4930901820",
            "tel:+1-555-555-1234 | +15555551234"})
    void phonesInManyFormatsBecomeE164(String raw, String e164) {
        assertThat(us.phone(raw)).hasValue(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "123", "555", "abcdefg", "+1 555", "+999 1234567", "0000000000000000000000",
            "'; DROP TABLE suppressions; --", "\u0000+15555551234", "555-0100", "555 0100", "+1 555 0100"})
    void nonsenseAndNumbersWithoutTheirAreaCodeAreRefused(String raw) {
        assertThat(us.phone(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"020 7946 0958, +442079460958", "07700 900123, +447700900123"})
    void nationalFormatsUseTheDefaultRegion(String raw, String e164) {
        assertThat(gb.phone(raw)).hasValue(e164);
    }

    @ParameterizedTest
    @CsvSource({"Ana@Example.COM, ana@example.com", "'  bob@example.org ', bob@example.org",
            "first.last+tag@sub.example.co.uk, first.last+tag@sub.example.co.uk",
            "Ana@Exämple.com, ana@xn--exmple-cua.com", "ana@xn--exmple-cua.com, ana@xn--exmple-cua.com",
            "ana@BÜCHER.de, ana@xn--bcher-kva.de"})
    void emailsAreTrimmedAndLowerCased(String raw, String normalised) {
        assertThat(us.email(raw)).hasValue(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ana", "ana@", "@example.com", "ana@localhost", "Ana <ana@example.com>",
            "a@b.c, d@e.f", "ana@exa mple.com", "ana@@example.com", "ana@exa_mple.com", "ana@-example.com",
            "ana@exämple..com"})
    void badEmailsAreRefused(String raw) {
        assertThat(us.email(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "USA", ""})
    void anUnknownDefaultRegionStopsStartUp(String region) {
        assertThatThrownBy(
                () -> new Addresses(new ConsentProperties(region, "help", "stopped", List.of(), "no offers")))
                .isInstanceOf(IllegalStateException.class);
    }
}
