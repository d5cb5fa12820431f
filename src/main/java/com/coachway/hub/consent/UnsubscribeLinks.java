package com.coachway.hub.consent;

import java.util.Optional;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.security.LinkTokens;

/**
 * The unsubscribe link of an email: {@code /u/<token>}, where the HMAC-signed token carries the notification, the
 * email's category and the address (last: an address may itself contain '|'). Nothing is looked up to trust it, and a single altered character makes it a 404.
 */
@Component
public class UnsubscribeLinks {

    private static final String VERSION = "u1";

    private final LinkTokens tokens;
    private final PublicUrls urls;

    public UnsubscribeLinks(LinkTokens tokens, PublicUrls urls) {
        this.tokens = tokens;
        this.urls = urls;
    }

    /** The public unsubscribe URL of an email. */
    public String url(String notificationId, String email, String category) {
        return urls.of("/u/" + tokens.sign(String.join("|", VERSION, notificationId, category, email)));
    }

    /** Who a genuine token unsubscribes; empty for anything forged, altered or malformed. */
    public Optional<Target> read(String token) {
        return tokens.verify(token).map(payload -> payload.split("\\|", 4))
                .filter(parts -> parts.length == 4 && VERSION.equals(parts[0]))
                .map(parts -> new Target(parts[1], parts[3], parts[2]));
    }

    /**
     * @param notificationId the email the link was in
     * @param email the normalised address
     * @param category the email's category
     */
    public record Target(String notificationId, String email, String category) {
    }
}
