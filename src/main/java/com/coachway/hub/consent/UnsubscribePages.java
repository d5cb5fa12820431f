package com.coachway.hub.consent;

import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

import com.coachway.hub.http.FormBodies;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.RecipientWords;

/**
 * {@code GET /u/{token}}: a small page to choose what to stop. {@code POST /u/{token}}: RFC 8058 one-click
 * unsubscribe (a mail client posts {@code List-Unsubscribe=One-Click}; no login, no confirmation, idempotent) or the
 * page's choice. Email unsubscribing stops marketing (and reminders if chosen), never transactional messages.
 */
@Component
class UnsubscribePages {

    static final List<String> CHOOSABLE = Category.OPTIONAL;
    // a stylesheet of the hub's own: the Content-Security-Policy allows no inline style
    private static final String STYLE = "<link rel=\"stylesheet\" href=\"/assets/pages.css\">";
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final UnsubscribeLinks links;
    private final ConsentStore consent;
    private final TransactionTemplate transactions;

    public UnsubscribePages(UnsubscribeLinks links, ConsentStore consent, TransactionTemplate transactions) {
        this.links = links;
        this.consent = consent;
        this.transactions = transactions;
    }

    /**
     * @param acceptLanguage the browser's {@code Accept-Language}: the page is in the email's language when the hub
     *            has words in it, else in the first of the offered languages the browser asks for
     *            ({@link RecipientWords#forEmailReader}), else English
     */
    public HttpReply page(String token, String acceptLanguage) {
        Optional<UnsubscribeLinks.Target> target = links.read(token);
        if (target.isEmpty()) {
            return notFound(new Words(RecipientWords.forReader(acceptLanguage)));
        }
        Words words = words(target.get(), acceptLanguage);
        String address = "<strong>" + HtmlUtils.htmlEscape(Masking.address(target.get().email())) + "</strong>";
        String action = "/u/" + HtmlUtils.htmlEscape(token);
        String reminders = "reminders".equals(target.get().category()) ? " checked" : "";
        return html(200, words, "<h1>" + words.text("page.title") + "</h1><p>" + words.format("page.stop", address)
                + "</p><form method=\"post\" action=\"" + action + "\">"
                + "<label><input type=\"checkbox\" name=\"categories\" value=\"marketing\" checked> "
                + words.text("page.marketing") + "</label><label><input type=\"checkbox\" name=\"categories\" "
                + "value=\"reminders\"" + reminders + "> " + words.text("page.reminders") + "</label><p><button "
                + "type=\"submit\">" + words.text("unsubscribe") + "</button></p></form><p><small>"
                + words.text("page.still") + "</small></p>");
    }

    /** @param acceptLanguage the browser's {@code Accept-Language}, as for {@link #page} */
    public HttpReply unsubscribe(String token, byte[] body, String acceptLanguage) {
        Optional<UnsubscribeLinks.Target> target = links.read(token);
        if (target.isEmpty()) {
            return notFound(new Words(RecipientWords.forReader(acceptLanguage)));
        }
        Words words = words(target.get(), acceptLanguage);
        Map<String, List<String>> form = FormBodies.parse(body);
        Set<String> categories = new LinkedHashSet<>();
        List<String> chosen = form.get("categories");
        if (chosen != null) {
            chosen.stream().filter(CHOOSABLE::contains).forEach(categories::add);
        } else {
            // one-click: marketing, and the kind of email the link came in when that is reminders
            categories.add("marketing");
            if ("reminders".equals(target.get().category())) {
                categories.add("reminders");
            }
        }
        String email = target.get().email();
        transactions.executeWithoutResult(tx -> categories.forEach(category -> consent.optOut(ConsentChange.optOut(
                "email", email, category, "unsubscribed from " + target.get().notificationId(), "unsubscribe_link",
                "recipient").about(target.get().notificationId()))));
        if (categories.isEmpty()) {
            return html(200, words, "<h1>" + words.text("page.nothing.title") + "</h1><p>"
                    + words.text("page.nothing.text") + "</p>");
        }
        String kinds = categories.stream().map(category -> words.text("page." + category))
                .collect(Collectors.joining(", "));
        return html(200, words, "<h1>" + words.text("page.done.title") + "</h1><p>" + words.format("page.done.text",
                HtmlUtils.htmlEscape(Masking.address(email)), kinds) + "</p>");
    }

    private static Words words(UnsubscribeLinks.Target target, String acceptLanguage) {
        return new Words(RecipientWords.forEmailReader(target.language(), acceptLanguage));
    }

    private static HttpReply notFound(Words words) {
        return html(404, words, "<h1>" + words.text("page.invalid.title") + "</h1><p>"
                + words.text("page.invalid.text") + "</p>");
    }

    private static HttpReply html(int status, Words words, String body) {
        return new HttpReply(status, "text/html;charset=UTF-8", "<!DOCTYPE html><html lang=\"" + words.language()
                + "\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>CoachWay "
                + "email</title>" + STYLE + "</head><body>" + body + "</body></html>", null);
    }

    /** The page's words in one language, HTML-escaped; a pattern's arguments are HTML already. */
    private record Words(String language, ResourceBundle bundle) {

        Words(String language) {
            this(language, RecipientWords.in(language));
        }

        String text(String key) {
            return HtmlUtils.htmlEscape(bundle.getString(key), UTF_8);
        }

        String format(String key, Object... html) {
            return new MessageFormat(text(key), Locale.forLanguageTag(language)).format(html);
        }
    }
}
