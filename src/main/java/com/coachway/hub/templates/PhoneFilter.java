package com.coachway.hub.templates;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.pebbletemplates.pebble.template.EvaluationContext;

/**
 * {@code Call {{ lead.phone | phone }}}: a number as people read and dial it, in its international form with the
 * country's own grouping ({@code +15555550422} reads "+1 555-555-0422", {@code +442079460958} "+44 20 7946 0958").
 * The hub stores numbers in E.164, which nobody reads at a glance. A number written without its country code, or
 * that is no possible number, is shown as it was given: only its writer knows where it belongs.
 */
final class PhoneFilter extends ValueFilter {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Override
    Object show(Object input, EvaluationContext context) {
        String given = input.toString().strip();
        if (!given.startsWith("+")) {
            return given;
        }
        try {
            PhoneNumber number = PHONES.parse(given, "ZZ");
            return PHONES.isPossibleNumber(number) ? PHONES.format(number, PhoneNumberFormat.INTERNATIONAL) : given;
        } catch (NumberParseException e) {
            return given;
        }
    }
}
