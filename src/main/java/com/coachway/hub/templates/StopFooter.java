package com.coachway.hub.templates;

import java.util.regex.Pattern;

import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.RecipientWords;

/**
 * What every marketing text carries below its template: how to stop them ("Reply STOP to opt out."), in the template's
 * language, as carriers' messaging guidelines (CTIA) ask of promotional SMS; a WhatsApp text says the same, as STOP
 * works there too (API.md §7). A template that already tells the reader about STOP keeps its own words. The send adds
 * it, and the preview adds the same.
 */
public final class StopFooter {

    // the keyword itself, in capitals, as the reader must text it: "the bus stop" is not an instruction
    private static final Pattern SAYS_STOP = Pattern.compile("\\bSTOP\\b");

    private StopFooter() {
    }

    /**
     * Whether a message on this channel carries the line: an SMS, and a WhatsApp text. An approved WhatsApp template
     * goes out as Meta approved it (WhatsApp lets its reader stop marketing templates in the app, which Meta reports as
     * {@code user_preferences}), and an email has its own footer.
     *
     * @param approvedTemplate whether the message is an approved WhatsApp template rather than a text
     */
    public static boolean carriedBy(String channel, boolean approvedTemplate) {
        return Channel.SMS.wire().equals(channel) || Channel.WHATSAPP.wire().equals(channel) && !approvedTemplate;
    }

    /**
     * The text as it goes out.
     *
     * @param category the category that governs the send ({@link Category#governing})
     * @param language the template's BCP 47 language
     */
    public static String text(String body, String category, String language) {
        String line = line(body, category, language);
        return line == null ? body : body.stripTrailing() + line;
    }

    /**
     * What goes below {@code body} (a line break, then the words), or null when nothing does: the sender keeps it
     * whole when the text must be cut to the provider's length.
     */
    public static String line(String body, String category, String language) {
        if (body == null || !Category.MARKETING.wire().equals(category) || SAYS_STOP.matcher(body).find()) {
            return null;
        }
        return "\n" + RecipientWords.in(language).getString("sms.stop");
    }
}
