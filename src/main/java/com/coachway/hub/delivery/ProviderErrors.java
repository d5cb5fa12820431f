package com.coachway.hub.delivery;

import java.util.Map;

/**
 * The one table that decides what a provider error means: retry, next channel, or suppression. Codes not listed
 * fall back on the HTTP status (429 and 5xx transient, other 4xx permanent) or the SMTP reply class (4xx transient,
 * 5xx permanent). Timeouts and refused connections are transient. Credentials the provider refuses are transient
 * too: the messages are parked once the tiers are spent, so ops can replay them after fixing the configuration.
 */
final class ProviderErrors {

    /** Twilio error codes (https://www.twilio.com/docs/api/errors). */
    static final Map<String, Outcome> TWILIO = Map.ofEntries(
            Map.entry("21211", Outcome.PERMANENT), // invalid 'To' number
            Map.entry("21612", Outcome.PERMANENT), // 'To' not reachable from this 'From'
            Map.entry("21614", Outcome.PERMANENT), // 'To' is not a mobile number
            Map.entry("30004", Outcome.PERMANENT), // message blocked
            Map.entry("30005", Outcome.PERMANENT), // unknown destination handset
            Map.entry("30006", Outcome.PERMANENT), // landline or unreachable carrier
            Map.entry("30007", Outcome.PERMANENT), // filtered by the carrier
            Map.entry("21610", Outcome.OPTED_OUT), // recipient replied STOP
            Map.entry("63003", Outcome.PERMANENT), // WhatsApp: the 'To' number is not on WhatsApp
            Map.entry("63024", Outcome.PERMANENT), // WhatsApp: invalid message recipient
            Map.entry("63016", Outcome.WINDOW_CLOSED), // WhatsApp free text outside the 24-hour window
            Map.entry("20429", Outcome.TRANSIENT), // too many requests
            Map.entry("30001", Outcome.TRANSIENT), // queue overflow
            Map.entry("30003", Outcome.TRANSIENT), // unreachable handset
            Map.entry("30008", Outcome.TRANSIENT), // unknown error
            Map.entry("20003", Outcome.TRANSIENT), // authentication failed: configuration, park and replay
            Map.entry("20500", Outcome.TRANSIENT), // internal server error
            Map.entry("20503", Outcome.TRANSIENT)); // service unavailable

    /** Meta WhatsApp Cloud API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
    static final Map<String, Outcome> META = Map.ofEntries(
            Map.entry("131047", Outcome.WINDOW_CLOSED), // re-engagement message: more than 24 h since the reply
            Map.entry("131026", Outcome.PERMANENT), // message undeliverable
            Map.entry("131021", Outcome.PERMANENT), // recipient is the sender
            Map.entry("131008", Outcome.PERMANENT), // required parameter missing
            Map.entry("131009", Outcome.PERMANENT), // parameter value invalid
            Map.entry("132000", Outcome.PERMANENT), // template parameter count mismatch
            Map.entry("132001", Outcome.PERMANENT), // template does not exist
            Map.entry("132015", Outcome.PERMANENT), // template paused
            Map.entry("132016", Outcome.PERMANENT), // template disabled
            Map.entry("131050", Outcome.OPTED_OUT_MARKETING), // user stopped marketing messages
            Map.entry("130429", Outcome.TRANSIENT), // throughput limit reached
            Map.entry("131048", Outcome.TRANSIENT), // spam rate limit
            Map.entry("131056", Outcome.TRANSIENT), // pair rate limit
            Map.entry("131000", Outcome.TRANSIENT), // something went wrong
            Map.entry("131016", Outcome.TRANSIENT), // service unavailable
            Map.entry("133016", Outcome.TRANSIENT), // account register/deregister rate limit
            Map.entry("4", Outcome.TRANSIENT), // application request limit
            Map.entry("80007", Outcome.TRANSIENT), // WhatsApp business account rate limit
            Map.entry("190", Outcome.TRANSIENT), // access token expired: configuration, park and replay
            Map.entry("368", Outcome.TRANSIENT)); // temporarily blocked for policy violations

    private ProviderErrors() {
    }

    public static Outcome classify(ProviderFailure failure) {
        if (failure.kind() != ProviderFailure.Kind.REJECTED) {
            return Outcome.TRANSIENT;
        }
        return switch (failure.provider()) {
            case "twilio" -> byTable(TWILIO, failure);
            case "meta" -> byTable(META, failure);
            case "smtp" -> smtp(failure);
            default -> byHttpStatus(failure.httpStatus());
        };
    }

    private static Outcome byTable(Map<String, Outcome> table, ProviderFailure failure) {
        Outcome listed = failure.code() == null ? null : table.get(failure.code());
        return listed != null ? listed : byHttpStatus(failure.httpStatus());
    }

    static Outcome byHttpStatus(Integer status) {
        if (status == null) {
            return Outcome.TRANSIENT;
        }
        if (status == 429 || status == 401 || status >= 500) {
            return Outcome.TRANSIENT;
        }
        return status >= 400 ? Outcome.PERMANENT : Outcome.TRANSIENT;
    }

    /** SMTP: the enhanced status ({@code 5.1.1}) decides where there is one, else the reply code ({@code 550}). */
    private static Outcome smtp(ProviderFailure failure) {
        String code = failure.code() == null ? "" : failure.code();
        if (code.startsWith("5.1.1") || code.startsWith("5.1.10") || code.startsWith("5.1.2")) {
            return Outcome.HARD_BOUNCE; // no such mailbox or domain
        }
        if (code.startsWith("5.7.") || code.equals("530") || code.equals("535")) {
            // policy or authentication: nothing wrong with the recipient, something with us; ops must look
            return code.startsWith("5.7.") ? Outcome.PERMANENT : Outcome.TRANSIENT;
        }
        if (code.startsWith("4")) {
            return Outcome.TRANSIENT;
        }
        if (code.startsWith("5")) {
            return Outcome.PERMANENT;
        }
        return Outcome.TRANSIENT;
    }
}
