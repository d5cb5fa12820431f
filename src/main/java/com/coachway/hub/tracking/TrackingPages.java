package com.coachway.hub.tracking;

import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.delivery.EmailTracking;
import com.coachway.hub.delivery.LinkPolicy;
import com.coachway.hub.delivery.NotificationOutcomes;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.LinkTokens;
import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * {@code GET /t/o/{token}} (the open pixel) and {@code GET /t/c/{token}} (a wrapped link): count the open or click,
 * move the notification forward, answer a 1x1 GIF or a redirect to the stored target. Anything but a genuine token
 * of a stored link is a 404: the hub never redirects to a URL it was handed.
 */
@Component
class TrackingPages {

    // the smallest transparent GIF
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    static final int MAX_USER_AGENT = 400;

    private final EmailTracking tracking;
    private final LinkPolicy links;
    private final NotificationStore notifications;
    private final NotificationOutcomes outcomes;
    private final LinkTokens tokens;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ProblemReplies replies;

    TrackingPages(EmailTracking tracking, LinkPolicy links, NotificationStore notifications,
            NotificationOutcomes outcomes, LinkTokens tokens, JdbcClient jdbc, TransactionTemplate transactions,
            ProblemReplies replies) {
        this.tracking = tracking;
        this.links = links;
        this.notifications = notifications;
        this.outcomes = outcomes;
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.replies = replies;
    }

    public HttpReply open(String token, String userAgent, Object request) {
        String clientIp = clientIp(request);
        Optional<String> notification = tracking.opened(token);
        if (notification.isEmpty()) {
            return notFound();
        }
        boolean known = Boolean.TRUE.equals(transactions.execute(
                tx -> record(notification.get(), "open", null, userAgent, clientIp, NotificationStatus.OPENED)));
        return known ? new HttpReply(200, "image/gif", PIXEL, null, null) : notFound();
    }

    public HttpReply click(String token, String userAgent, Object request) {
        String clientIp = clientIp(request);
        Optional<EmailTracking.TrackedLink> link = tracking.clicked(token);
        if (link.isEmpty()) {
            return notFound();
        }
        // a stored target this hub would not wrap today (an older link, a changed policy) is no redirect either
        Optional<String> target = links.redirectTarget(link.get().url());
        if (target.isEmpty()) {
            return notFound();
        }
        transactions.executeWithoutResult(tx -> record(link.get().notificationId(), "click", link.get().id(),
                userAgent, clientIp, NotificationStatus.CLICKED));
        return new HttpReply(302, "text/plain", "", null, target.get());
    }

    private boolean record(String notificationId, String kind, Long linkId, String userAgent, String clientIp,
            NotificationStatus status) {
        var notification = notifications.lock(notificationId);
        if (notification.isEmpty()) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO tracking_events (notification_id, kind, link_id, user_agent, ip_hash)
                VALUES (:notification, :kind, :link, :agent, :ip)
                """)
                .param("notification", notificationId)
                .param("kind", kind)
                .param("link", linkId)
                .param("agent", userAgent == null
                        ? null
                        : userAgent.substring(0, Math.min(userAgent.length(), MAX_USER_AGENT)).replace("\0", ""))
                .param("ip", clientIp == null || clientIp.isBlank() ? null : tokens.keyedHash("ip", clientIp))
                .update();
        outcomes.advance(notification.get(), status, null, null, "recipient " + (kind.equals("open")
                ? "opened the email"
                : "clicked a link") + (userAgent == null ? "" : " (" + shortAgent(userAgent) + ")"));
        return true;
    }

    // behind the proxy, Tomcat's RemoteIpValve (server.forward-headers-strategy) has already put the client's
    // address here, trusting X-Forwarded-For only from internal proxies
    private static String clientIp(Object request) {
        return request instanceof HttpServletRequest servlet ? servlet.getRemoteAddr() : null;
    }

    private static String shortAgent(String userAgent) {
        return userAgent.length() <= 80 ? userAgent : userAgent.substring(0, 80) + "…";
    }

    private HttpReply notFound() {
        return replies.of(Problems.of(404, "not-found", "Not found", "This link is not valid."));
    }
}
