package com.coachway.hub.delivery;

import java.util.Map;
import java.util.Set;

import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * The one table that decides what a provider error means: retry, next channel, or suppression. Codes not listed
 * fall back on the HTTP status (429 and 5xx transient, other 4xx permanent) or the SMTP reply class (4xx transient,
 * 5xx permanent). Timeouts and refused connections are transient. Credentials the provider refuses are transient
 * too: the messages are parked once the tiers are spent, so ops can replay them after fixing the configuration.
 */
final class ProviderErrors {

    /** Twilio error codes (https://www.twilio.com/docs/api/errors). */
    static final Map<String, Known> TWILIO = Map.ofEntries(
            known("21211", Outcome.PERMANENT, "invalid 'To' number"),
            known("21612", Outcome.PERMANENT, "'To' not reachable from this 'From'"),
            known("21614", Outcome.PERMANENT, "'To' is not a mobile number"),
            known("30004", Outcome.PERMANENT, "blocked by the carrier or the handset"),
            known("30005", Outcome.PERMANENT, "unknown destination handset"),
            known("30006", Outcome.PERMANENT, "landline or unreachable carrier"),
            known("30007", Outcome.PERMANENT, "filtered by the carrier (content or sender not allowed)"),
            known("21610", Outcome.OPTED_OUT, "the recipient replied STOP to this number"),
            known("63003", Outcome.PERMANENT, "the number is not on WhatsApp"),
            known("63024", Outcome.PERMANENT, "invalid WhatsApp recipient"),
            known("63016", Outcome.WINDOW_CLOSED, "free text outside the 24-hour window"),
            known("20429", Outcome.TRANSIENT, "too many requests"),
            known("30001", Outcome.TRANSIENT, "queue overflow"),
            known("30003", Outcome.TRANSIENT, "handset unreachable (off, or out of coverage)"),
            known("30008", Outcome.TRANSIENT, "unknown error at the carrier"),
            known("20003", Outcome.TRANSIENT,
                    "authentication failed: check hub.twilio.account-sid and auth-token, then replay"),
            known("20500", Outcome.TRANSIENT, "internal server error"),
            known("20503", Outcome.TRANSIENT, "service unavailable"));

    /** Meta WhatsApp Cloud API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
    static final Map<String, Known> META = Map.ofEntries(
            known("131047", Outcome.WINDOW_CLOSED,
                    "more than 24 hours since the customer last wrote: free text needs an approved template"),
            known("131026", Outcome.PERMANENT, "message undeliverable"),
            known("131021", Outcome.PERMANENT, "recipient is the sender"),
            known("131008", Outcome.PERMANENT, "required parameter missing"),
            known("131009", Outcome.PERMANENT, "parameter value invalid"),
            known("132000", Outcome.PERMANENT, "template parameter count mismatch"),
            known("132001", Outcome.PERMANENT, "template does not exist"),
            known("132015", Outcome.PERMANENT, "template paused"),
            known("132016", Outcome.PERMANENT, "template disabled"),
            known("131050", Outcome.OPTED_OUT_MARKETING, "the recipient stopped marketing messages"),
            known("130429", Outcome.TRANSIENT, "throughput limit reached"),
            known("131048", Outcome.TRANSIENT, "spam rate limit"),
            known("131056", Outcome.TRANSIENT, "pair rate limit"),
            known("131000", Outcome.TRANSIENT, "Meta could not send it (unknown error)"),
            known("131016", Outcome.TRANSIENT, "service unavailable"),
            known("133016", Outcome.TRANSIENT, "account register/deregister rate limit"),
            known("4", Outcome.TRANSIENT, "application request limit"),
            known("80007", Outcome.TRANSIENT, "WhatsApp business account rate limit"),
            known("190", Outcome.TRANSIENT, "access token expired: renew hub.meta.access-token, then replay"),
            known("368", Outcome.TRANSIENT, "temporarily blocked for policy violations"));

    // of the codes above, those that say WhatsApp cannot reach the number whatever is sent: not on WhatsApp, or an
    // app too old or not yet past new terms
    private static final Set<String> NOT_ON_WHATSAPP = Set.of("twilio:63003", "twilio:63024", "meta:131026");

    /**
     * What a listed code means.
     *
     * @param outcome what the hub does about it
     * @param meaning in words, for ops reading a timeline: a status callback carries the code alone
     */
    record Known(Outcome outcome, String meaning) {
    }

    private static Map.Entry<String, Known> known(String code, Outcome outcome, String meaning) {
        return Map.entry(code, new Known(outcome, meaning));
    }

    private ProviderErrors() {
    }

    /** Whether the failure says WhatsApp cannot reach the number at all, whatever is sent. */
    static boolean notOnWhatsApp(ProviderFailure failure) {
        return failure.code() != null && NOT_ON_WHATSAPP.contains(failure.provider() + ":" + failure.code());
    }

    /** The words for a provider's error code the tables list; null for any other. */
    static String meaning(String provider, String code) {
        Map<String, Known> table = switch (provider == null ? "" : provider) {
            case "twilio" -> TWILIO;
            case "meta" -> META;
            default -> Map.of();
        };
        Known known = code == null ? null : table.get(code);
        return known == null ? null : known.meaning();
    }

    /**
     * How a channel ends that failed for good: an address that does not exist {@code bounced}, whether the receiving
     * server said so at once or by a DSN later (stats count both alike); anything else {@code failed}.
     */
    static NotificationStatus ended(ProviderFailure failure) {
        return classify(failure) == Outcome.HARD_BOUNCE
                ? NotificationStatus.BOUNCED
                : NotificationStatus.FAILED;
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

    private static Outcome byTable(Map<String, Known> table, ProviderFailure failure) {
        Known listed = failure.code() == null ? null : table.get(failure.code());
        return listed != null ? listed.outcome() : byHttpStatus(failure.httpStatus());
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
