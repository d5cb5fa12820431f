package com.coachway.hub.delivery;

import java.util.List;

import com.coachway.hub.templates.RenderedMessage;

/**
 * How long a text each provider takes, and a rendered message cut to fit. Upstream free text (a delay's reason, up to
 * 2,000 characters by its schema) can make a rendered SMS longer than Twilio takes, and Twilio refuses the whole
 * message (error 21617), so the customer would hear nothing: the hub sends the start of it instead, and says so on
 * the timeline.
 */
final class TextLimits {

    /** Twilio: {@code Body}, and each {@code ContentVariables} value, up to 1,600 characters (errors 21617, 21658). */
    static final int TWILIO = 1600;
    /** Meta: a WhatsApp text message body up to 4,096 characters. */
    static final int META_TEXT = 4096;
    // how far back from the limit a cut looks for a space, so it does not end inside a word
    private static final int WORD = 40;
    // three dots, not "…": one character outside GSM-7 would make every segment of the SMS UCS-2, and twice as many
    private static final String ELLIPSIS = "...";

    private TextLimits() {
    }

    /**
     * A rendered text message as {@code provider} takes it.
     *
     * @return {@code rendered} itself when it fits
     */
    static Fitted fit(String provider, RenderedMessage rendered) {
        return fit(provider, rendered, null);
    }

    /**
     * The same, with {@code footer} added below the text and kept whole: the text gives way if the two are too long.
     *
     * @param footer what goes below the text (StopFooter's line), or null
     */
    static Fitted fit(String provider, RenderedMessage rendered, String footer) {
        int limit = switch (provider) {
            case "twilio" -> TWILIO;
            case "meta" -> META_TEXT;
            default -> Integer.MAX_VALUE; // an email has no such limit
        };
        if (footer != null && rendered.text() != null) {
            String body = rendered.text().stripTrailing();
            String cut = cut(body, limit - footer.length());
            Fitted fitted = new Fitted(new RenderedMessage(rendered.channel(), rendered.variant(), rendered.subject(),
                    cut + footer, rendered.html(), rendered.providerTemplate()), null);
            return cut == body ? fitted : new Fitted(fitted.message(), cutNote(body, cut, provider));
        }
        String text = cut(rendered.text(), limit);
        RenderedMessage.ProviderTemplateCall call = rendered.providerTemplate();
        if (call != null && "twilio".equals(provider)) {
            List<String> values = call.values().stream().map(value -> cut(value, TWILIO)).toList();
            call = values.equals(call.values())
                    ? call
                    : new RenderedMessage.ProviderTemplateCall(call.id(), call.language(), values);
        }
        if (text == rendered.text() && call == rendered.providerTemplate()) {
            return new Fitted(rendered, null);
        }
        String note = text == rendered.text()
                ? "a value of the approved template cut to " + TWILIO + " characters (" + provider + "'s limit)"
                : cutNote(rendered.text(), text, provider);
        return new Fitted(new RenderedMessage(rendered.channel(), rendered.variant(), rendered.subject(), text,
                rendered.html(), call), note);
    }

    private static String cutNote(String text, String cut, String provider) {
        return "text cut from " + text.length() + " to " + cut.length() + " characters (" + provider + "'s limit)";
    }

    /**
     * {@code text} when it is at most {@code limit} UTF-16 units long (an emoji counts two, as Twilio counts it), else
     * its start, ended at a space where there is one near the limit, and an ellipsis.
     */
    static String cut(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int end = limit - ELLIPSIS.length();
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--; // never half an emoji
        }
        int space = text.lastIndexOf(' ', end);
        if (space > end - WORD && space > 0) {
            end = space;
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /**
     * @param message what goes to the provider
     * @param note what was cut, for the timeline; null when nothing was
     */
    record Fitted(RenderedMessage message, String note) {
    }
}
