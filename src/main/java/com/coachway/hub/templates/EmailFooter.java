package com.coachway.hub.templates;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.web.util.HtmlUtils;

import com.coachway.hub.vocabulary.RecipientWords;

/**
 * What every email carries below its template (API.md §4): the sender, its postal address and the unsubscribe link,
 * worded in the template's language ({@link RecipientWords}). The email composer adds it when it sends; the preview
 * adds the same, so ops see the email a recipient gets.
 */
public final class EmailFooter {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private EmailFooter() {
    }

    /** The plain-text part: the body, then the footer after a signature separator. */
    public static String text(HubVariables.Sender sender, String body, String unsubscribeUrl, String language) {
        String text = body == null ? "" : body.stripTrailing();
        return text + "\n\n--\n" + sender.fromName() + ", " + sender.postalAddress() + "\n" + unsubscribe(language)
                + ": " + unsubscribeUrl + "\n";
    }

    /** The HTML part: the footer before {@code </body>}; an email with no HTML body gets its text as a paragraph. */
    public static String html(HubVariables.Sender sender, String html, String text, String unsubscribeUrl,
            String language) {
        String footer = "<hr style=\"border:none;border-top:1px solid #ddd;margin:24px 0 8px\">"
                + "<p style=\"font-size:12px;color:#666\">" + HtmlUtils.htmlEscape(sender.fromName()) + ", "
                + HtmlUtils.htmlEscape(sender.postalAddress()) + "<br><a href=\""
                + HtmlUtils.htmlEscape(unsubscribeUrl) + "\">" + HtmlUtils.htmlEscape(unsubscribe(language), UTF_8)
                + "</a></p>";
        String body = html == null ? "<p>" + HtmlUtils.htmlEscape(text) + "</p>" : html;
        int end = body.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        return end >= 0
                ? body.substring(0, end) + footer + body.substring(end)
                : "<!DOCTYPE html><html><body>" + body + footer + "</body></html>";
    }

    /** "Unsubscribe" in {@code language} (a BCP 47 tag; null or unknown reads English). */
    static String unsubscribe(String language) {
        return RecipientWords.in(language).getString("unsubscribe");
    }
}
