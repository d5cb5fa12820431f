package com.coachway.hub.delivery.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.DeliveryWork;
import com.coachway.hub.delivery.ProviderLookup;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;

/**
 * Asks Twilio for the messages to the same {@code To} from the same {@code From}, newest first, and takes the one
 * created since the attempt began with the same body (any body for an approved template, which Twilio fills in).
 * {@code date_created} is used, not {@code date_sent}: the latter stays empty while Twilio still queues a message.
 */
@Component
class TwilioLookup implements ProviderLookup {

    /** Twilio's clock and ours, and its whole-second timestamps. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    private static final long PAGE_SIZE = 50;

    private final TwilioRestClient client;
    private final TwilioRequests requests;

    TwilioLookup(TwilioRestClient client, TwilioRequests requests) {
        this.client = client;
        this.requests = requests;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public Optional<String> find(DeliveryWork work, Instant since) {
        Instant from = since.minus(CLOCK_SKEW);
        for (Message message : Message.reader().setTo(requests.to(work)).setFrom(requests.from(work))
                .setPageSize(PAGE_SIZE).firstPage(client).getRecords()) {
            if (message.getDateCreated() == null || message.getDateCreated().toInstant().isBefore(from)) {
                continue;
            }
            if (DeliveryWork.TEMPLATE.equals(work.mode()) || sameText(work.text(), message.getBody())) {
                return Optional.ofNullable(message.getSid());
            }
        }
        return Optional.empty();
    }

    // Twilio may trim the body or swap look-alike characters (smart encoding): compare what is left of the words
    private static boolean sameText(String sent, String stored) {
        if (sent == null || stored == null) {
            return false;
        }
        return letters(sent).equals(letters(stored)) || letters(stored).contains(letters(sent));
    }

    private static String letters(String text) {
        return text.replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
