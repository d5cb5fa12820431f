package com.coachway.hub.consent;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

import com.coachway.hub.http.FormBodies;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.vocabulary.Category;

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

    private final UnsubscribeLinks links;
    private final ConsentStore consent;
    private final TransactionTemplate transactions;

    public UnsubscribePages(UnsubscribeLinks links, ConsentStore consent, TransactionTemplate transactions) {
        this.links = links;
        this.consent = consent;
        this.transactions = transactions;
    }

    public HttpReply page(String token) {
        Optional<UnsubscribeLinks.Target> target = links.read(token);
        if (target.isEmpty()) {
            return notFound();
        }
        String address = HtmlUtils.htmlEscape(Masking.address(target.get().email()));
        String action = "/u/" + HtmlUtils.htmlEscape(token);
        String reminders = "reminders".equals(target.get().category()) ? " checked" : "";
        return html(200, "<h1>Email preferences</h1><p>Stop emails to <strong>" + address + "</strong>:</p>"
                + "<form method=\"post\" action=\"" + action + "\">"
                + "<label><input type=\"checkbox\" name=\"categories\" value=\"marketing\" checked> Offers and news"
                + "</label><label><input type=\"checkbox\" name=\"categories\" value=\"reminders\"" + reminders
                + "> Trip reminders</label><p><button type=\"submit\">Unsubscribe</button></p></form>"
                + "<p><small>Messages about your bookings and payments still reach you.</small></p>");
    }

    public HttpReply unsubscribe(String token, byte[] body) {
        Optional<UnsubscribeLinks.Target> target = links.read(token);
        if (target.isEmpty()) {
            return notFound();
        }
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
            return html(200, "<h1>Nothing changed</h1><p>You did not choose anything to stop.</p>");
        }
        return html(200, "<h1>You are unsubscribed</h1><p>" + HtmlUtils.htmlEscape(Masking.address(email))
                + " will get no more " + String.join(" or ", categories) + " emails from us.</p>");
    }

    private static HttpReply notFound() {
        return html(404, "<h1>This link is not valid</h1><p>It may have been mistyped or cut short.</p>");
    }

    private static HttpReply html(int status, String body) {
        return new HttpReply(status, "text/html;charset=UTF-8", "<!DOCTYPE html><html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>CoachWay email</title>"
                + STYLE + "</head><body>" + body + "</body></html>", null);
    }
}
