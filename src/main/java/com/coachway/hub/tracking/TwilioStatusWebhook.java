package com.coachway.hub.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.FormBodies;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.security.TwilioSignatures;

/**
 * {@code POST /webhooks/twilio/status}: Twilio's message status callback. The signature is checked first; then the
 * callback is recorded and answered at once (204). Applying it to the notification happens behind, in
 * {@link CallbackApplier}: an unknown MessageSid is answered the same way, so Twilio never retries forever.
 */
@Component
class TwilioStatusWebhook {

    static final String PATH = "/webhooks/twilio/status";

    private final TwilioSignatures signatures;
    private final CallbackInbox inbox;

    TwilioStatusWebhook(TwilioSignatures signatures, CallbackInbox inbox) {
        this.signatures = signatures;
        this.inbox = inbox;
    }

    public HttpReply receive(byte[] body, String signature, String query) {
        Map<String, List<String>> form = signatures.verifiedForm(PATH, body, query, signature, "status callback");
        String sid = first(form, "MessageSid", "SmsSid");
        String status = first(form, "MessageStatus", "SmsStatus");
        List<FieldError> errors = new ArrayList<>();
        if (sid == null || !sid.matches("[A-Za-z0-9]{2,64}")) {
            errors.add(new FieldError("MessageSid", "is required: Twilio's message SID"));
        }
        if (status == null || !status.matches("[a-z_]{1," + CallbackInbox.MAX_STATUS + "}")) {
            errors.add(new FieldError("MessageStatus", "is required: one of Twilio's status words"));
        }
        String code = FormBodies.first(form, "ErrorCode");
        if (code != null && !code.isBlank() && !code.matches("[0-9]{1," + CallbackInbox.MAX_CODE + "}")) {
            errors.add(new FieldError("ErrorCode", "must be Twilio's numeric error code"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The status callback is not valid; every problem is listed", errors);
        }
        inbox.record("twilio", sid, status, code, FormBodies.first(form, "ErrorMessage"), null);
        return HttpReply.noContent();
    }

    private static String first(Map<String, List<String>> form, String name, String fallback) {
        String value = FormBodies.first(form, name);
        return value != null ? value : FormBodies.first(form, fallback);
    }
}
