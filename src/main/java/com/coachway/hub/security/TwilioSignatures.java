package com.coachway.hub.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.coachway.hub.http.FormBodies;
import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.providers.TwilioProperties;
import com.twilio.security.RequestValidator;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Twilio's {@code X-Twilio-Signature} (HMAC-SHA1 keyed with the auth token over the URL Twilio called and the sorted
 * POST parameters), checked with the Twilio SDK's own validator, which compares in constant time. The URL is the
 * public one ({@code hub.public-base-url}): behind a proxy the hub's own view of the URL differs from what Twilio
 * signed. Without an auth token nothing verifies.
 */
@Component
public class TwilioSignatures {

    private static final Logger log = LoggerFactory.getLogger(TwilioSignatures.class);

    private final RequestValidator validator;
    private final PublicUrls urls;
    private final String accountSid;
    private final MeterRegistry meters;

    public TwilioSignatures(TwilioProperties twilio, PublicUrls urls, MeterRegistry meters) {
        String authToken = twilio.authToken();
        this.validator = authToken == null || authToken.isBlank() ? null : new RequestValidator(authToken);
        this.urls = urls;
        this.accountSid = twilio.accountSid();
        this.meters = meters;
    }

    /**
     * The form Twilio posted to {@code path} (with its query string, if any), once its signature verifies; a 403
     * problem otherwise. {@code what} names the webhook in the log.
     */
    public Map<String, List<String>> verifiedForm(String path, byte[] body, String query, String signature,
            String what) {
        Map<String, List<String>> form = FormBodies.parse(body);
        if (!validRequest(path, query, form, signature)) {
            boolean ours = accountSid != null && !accountSid.isBlank() && form.getOrDefault("AccountSid", List.of())
                    .equals(List.of(accountSid));
            meters.counter("hub.webhooks.refused", "provider", "twilio", "account", ours ? "ours" : "other")
                    .increment();
            if (ours && signature != null && !signature.isBlank()) {
                // our own account, signed for another URL: most likely every Twilio webhook is refused like this
                log.error("Refused a Twilio {} for account {}: its signature does not verify for {}. If Twilio "
                        + "calls the hub at another address (scheme, host, port), set hub.public-base-url to it: "
                        + "until then no status or STOP from Twilio is taken", what, accountSid,
                        urls.of(path));
            } else {
                log.warn("Refused a Twilio {} with a missing or wrong signature", what);
            }
            throw new ProblemException(
                    Problems.of(403, "bad-signature", "Forbidden", "X-Twilio-Signature does not verify"));
        }
        return form;
    }

    /** Whether a webhook request to {@code path} (with its query string, if any) was signed by Twilio. */
    public boolean validRequest(String path, String query, Map<String, List<String>> params, String signature) {
        return valid(urls.of(path) + (query == null || query.isBlank() ? "" : "?" + query), params, signature);
    }

    /** Whether the signature is Twilio's for this URL and these parameters. */
    public boolean valid(String url, Map<String, List<String>> params, String signature) {
        if (validator == null || signature == null || signature.isBlank()) {
            return false;
        }
        Map<String, String> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            // Twilio never repeats a parameter; a repeated one is somebody else's request
            if (param.getValue().size() != 1) {
                return false;
            }
            single.put(param.getKey(), param.getValue().get(0));
        }
        return validator.validate(url, single, signature.trim());
    }
}
