package com.coachway.hub.consent;

import java.util.Optional;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.security.LinkTokens;

/**
 * The unsubscribe link of an email: {@code /u/<token>}, where the sealed token carries the notification, the email's
 * category, its language and the address (last: an address may itself contain '|'). Nothing is looked up to trust
 * it (it outlives the notification's retention), a single altered character makes it a 404, and the address cannot
 * be read from it: the page itself shows only part of it. Links of the earlier versions, signed but legible
 * ({@code u2}, and {@code u1} without the language), are in mailboxes already and keep working.
 */
@Component
public class UnsubscribeLinks {

    private static final String VERSION = "u3";
    private static final String LEGIBLE = "u2";
    private static final String WITHOUT_LANGUAGE = "u1";

    private final LinkTokens tokens;
    private final PublicUrls urls;

    public UnsubscribeLinks(LinkTokens tokens, PublicUrls urls) {
        this.tokens = tokens;
        this.urls = urls;
    }

    /**
     * The public unsubscribe URL of an email.
     *
     * @param language the email's language (its template's BCP 47 tag), null for the default
     */
    public String url(String notificationId, String email, String category, String language) {
        return urls.of("/u/" + tokens.seal(String.join("|", VERSION, notificationId, category,
                language == null ? "" : language, email)));
    }

    /** Who a genuine token unsubscribes; empty for anything forged, altered or malformed. */
    public Optional<Target> read(String token) {
        return tokens.unseal(token).or(() -> tokens.verify(token)).flatMap(UnsubscribeLinks::target);
    }

    private static Optional<Target> target(String payload) {
        if (payload.startsWith(VERSION + "|") || payload.startsWith(LEGIBLE + "|")) {
            String[] parts = payload.split("\\|", 5);
            return parts.length == 5
                    ? Optional.of(new Target(parts[1], parts[4], parts[2], parts[3].isEmpty() ? null : parts[3]))
                    : Optional.empty();
        }
        String[] parts = payload.split("\\|", 4);
        return parts.length == 4 && WITHOUT_LANGUAGE.equals(parts[0])
                ? Optional.of(new Target(parts[1], parts[3], parts[2], null))
                : Optional.empty();
    }

    /**
     * @param notificationId the email the link was in
     * @param email the normalised address
     * @param category the email's category
     * @param language the email's language; null when it was the default or the link is older than that
     */
    public record Target(String notificationId, String email, String category, String language) {
    }
}
