package com.coachway.hub.delivery;

import java.util.Locale;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.security.LinkTokens;

/**
 * Open and click tracking of an email's HTML, added when it is rendered: every web link to an allowed host (see
 * {@link LinkPolicy}) points at {@code /t/c/<token>} and a 1x1 image at {@code /t/o/<token>}. A click token names a
 * stored link, never a URL, so the redirect can only lead where the email itself pointed; both tokens are
 * HMAC-signed. The unsubscribe link, links to other hosts and non-web links (mailto:, tel:) are left alone.
 */
@Component
public class EmailTracking {

    static final String OPEN = "o1";
    static final String CLICK = "c1";
    private static final int MAX_LINKS = 100;

    private final JdbcClient jdbc;
    private final LinkTokens tokens;
    private final PublicUrls urls;
    private final LinkPolicy links;
    private final boolean enabled;

    public EmailTracking(JdbcClient jdbc, LinkTokens tokens, PublicUrls urls, LinkPolicy links,
            TrackingProperties tracking) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.urls = urls;
        this.links = links;
        this.enabled = tracking.email();
    }

    /** The HTML with its links wrapped and the open pixel added; the links are stored in this transaction. */
    public String instrument(String notificationId, String html) {
        if (!enabled || html == null) {
            return html;
        }
        Document document = Jsoup.parse(html);
        document.outputSettings().prettyPrint(false);
        String unsubscribe = urls.of("/u/");
        int wrapped = 0;
        for (Element link : document.select("a[href]")) {
            String href = link.attr("href").strip();
            if (!links.wrappable(href) || href.startsWith(unsubscribe) || wrapped++ >= MAX_LINKS) {
                continue;
            }
            link.attr("href", urls.of("/t/c/" + tokens.sign(CLICK + "|" + store(notificationId, href))));
        }
        document.body().appendElement("img")
                .attr("src", urls.of("/t/o/" + tokens.sign(OPEN + "|" + notificationId)))
                .attr("width", "1")
                .attr("height", "1")
                .attr("alt", "")
                .attr("style", "display:block;border:0;width:1px;height:1px");
        boolean wholeDocument = html.toLowerCase(Locale.ROOT).contains("<body");
        return wholeDocument ? document.outerHtml() : document.body().html();
    }

    /** The notification a genuine open token was made for. */
    public Optional<String> opened(String token) {
        return tokens.verify(token)
                .filter(payload -> payload.startsWith(OPEN + "|"))
                .map(payload -> payload.substring(OPEN.length() + 1));
    }

    /** The stored link a genuine click token names, if it still exists. */
    public Optional<TrackedLink> clicked(String token) {
        return tokens.verify(token)
                .filter(payload -> payload.startsWith(CLICK + "|"))
                .map(payload -> payload.substring(CLICK.length() + 1))
                .filter(id -> id.matches("[0-9]{1,18}"))
                .flatMap(id -> jdbc.sql("SELECT id, notification_id, url FROM tracked_links WHERE id = :id")
                        .param("id", Long.parseLong(id))
                        .query((rs, row) -> new TrackedLink(rs.getLong("id"), rs.getString("notification_id"),
                                rs.getString("url")))
                        .optional());
    }

    /**
     * A link of a tracked email.
     *
     * @param id its number
     * @param notificationId the email it is in
     * @param url where it leads
     */
    public record TrackedLink(long id, String notificationId, String url) {
    }

    private long store(String notificationId, String url) {
        return jdbc.sql("INSERT INTO tracked_links (notification_id, url) VALUES (:notification, :url) RETURNING id")
                .param("notification", notificationId)
                .param("url", url)
                .query(Long.class)
                .single();
    }
}
