package com.coachway.hub.campaigns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.delivery.CancelBody;
import com.coachway.hub.delivery.NotificationOutcomes;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;
import com.coachway.hub.tracking.NotificationCounts;
import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * {@code GET /api/v1/campaigns}, {@code GET /api/v1/campaigns/{id}} and {@code POST /api/v1/campaigns/{id}/cancel}
 * (API.md §2b). Publishers see the campaigns their own source started; ops, admins and analysts see all.
 */
@Component
class CampaignsApi {

    private final CampaignStore campaigns;
    private final NotificationCounts counts;
    private final NotificationStore notifications;
    private final NotificationOutcomes outcomes;
    private final TransactionTemplate transactions;
    private final ProblemReplies replies;
    private final JsonBodies bodies;
    private final RequestBodies requests;

    CampaignsApi(CampaignStore campaigns, NotificationCounts counts, NotificationStore notifications,
            NotificationOutcomes outcomes, TransactionTemplate transactions, ProblemReplies replies, JsonBodies bodies,
            RequestBodies requests) {
        this.campaigns = campaigns;
        this.counts = counts;
        this.notifications = notifications;
        this.outcomes = outcomes;
        this.transactions = transactions;
        this.replies = replies;
        this.bodies = bodies;
        this.requests = requests;
    }

    /** A campaign in a listing. */
    record Summary(String id, CampaignStatus status, String template, Instant sendAt, int recipients,
            long notifications, Instant createdAt, Instant cancelledAt) {

        static Summary of(CampaignStore.Campaign c) {
            return new Summary(c.id(), c.status(), c.template(), c.sendAt(), c.recipients(), c.created(),
                    c.createdAt(), c.cancelledAt());
        }
    }

    record Listing(List<Summary> items, int page, int size, long total) {
    }

    /**
     * What became of a campaign's sends. {@code by_status} adds up to {@code notifications}, which reaches
     * {@code recipients} once every batch has been taken in.
     *
     * @param sent handed to a provider (a bounce refused at once included)
     * @param delivered delivered (for email: sent and not bounced or failed)
     * @param waiting still waiting for their send time
     */
    record Stats(int recipients, long notifications, long waiting, long sent, long delivered, long opened,
            long clicked, long unsubscribed, long bounced, long failed, long blocked, long cancelled,
            Map<String, Long> byStatus, Map<String, Double> rates) {
    }

    record Origin(String source, String id) {
    }

    record Detail(String id, CampaignStatus status, String template, Instant sendAt, Origin event,
            Instant createdAt, Instant cancelledAt, String cancelledBy, String cancelReason, Stats stats) {
    }

    /** {@code GET /api/v1/campaigns?status=&page=&size=}, newest first. */
    public HttpReply list(Map<String, Object> query, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        String status = QueryParams.text(query, "status");
        if (status != null && CampaignStatus.of(status).isEmpty()) {
            errors.add(FieldError.oneOf("status", CampaignStatus.NAMES));
        }
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        CampaignStore.Page found = campaigns.list(status == null ? null : CampaignStatus.of(status).get(),
                caller.seesAll() ? null : caller.source(), paging.page(), paging.size());
        return replies.json(200,
                new Listing(found.items().stream().map(Summary::of).toList(), paging.page(), paging.size(),
                        found.total()));
    }

    /** {@code GET /api/v1/campaigns/{id}} with its stats. */
    public HttpReply get(String id, Caller caller) {
        return replies.json(200, detail(visible(id, caller)));
    }

    /**
     * {@code POST /api/v1/campaigns/{id}/cancel}: every send of the campaign not yet handed to a channel ends
     * {@code cancelled}, and batches arriving later are cancelled as they come. One already sent, or cancelled, is
     * a 409. The optional {@code {reason}} is kept with the campaign and in the timeline of every send it cancels.
     */
    public HttpReply cancel(String id, byte[] body, Caller caller) {
        String reason = CancelBody.reason(body, bodies, requests);
        visible(id, caller);
        CampaignStore.Campaign cancelled = transactions.execute(tx -> {
            CampaignStore.Campaign campaign = campaigns.lock(id).orElseThrow(() -> notFound(id));
            if (campaign.status() == CampaignStatus.CANCELLED || campaign.status() == CampaignStatus.SENT) {
                throw new ProblemException(Problems.of(409, "not-cancellable", "Not cancellable",
                        "Campaign " + id + " is " + campaign.status().wire()
                                + (campaign.cancelledBy() == null ? "" : " (by " + campaign.cancelledBy() + ")")
                                + "; only a campaign with sends still waiting can be cancelled"));
            }
            campaigns.cancelled(id, caller.name(), reason);
            String said = CampaignStore.Campaign.cancelled(id, caller.name(), reason);
            for (String notification : notifications.lockWaiting(id)) {
                outcomes.finish(notification, NotificationStatus.CANCELLED, "cancelled", null, null, said);
            }
            return campaigns.find(id).orElseThrow();
        });
        return replies.json(200, detail(cancelled));
    }

    private Detail detail(CampaignStore.Campaign c) {
        NotificationCounts.Counts sent = NotificationCounts.total(counts.byVariant(NotificationCounts.Scope
                .campaign(c.id())).values());
        Map<String, Long> byStatus = campaigns.byStatus(c.id());
        Stats stats = new Stats(c.recipients(), c.created(), c.waiting(), sent.sent(), sent.delivered(),
                sent.opened(), sent.clicked(), sent.unsubscribed(), sent.bounced(), sent.failed(), sent.blocked(),
                byStatus.getOrDefault(NotificationStatus.CANCELLED.wire(), 0L), byStatus, sent.rates());
        return new Detail(c.id(), c.status(), c.template(), c.sendAt(), new Origin(c.eventSource(), c.eventId()),
                c.createdAt(), c.cancelledAt(), c.cancelledBy(), c.cancelReason(), stats);
    }

    private CampaignStore.Campaign visible(String id, Caller caller) {
        CampaignStore.Campaign campaign = campaigns.find(id).orElseThrow(() -> notFound(id));
        if (!caller.seesAll() && !campaign.eventSource().equals(caller.source())) {
            throw notFound(id); // not 403: do not confirm that another source's campaign exists
        }
        return campaign;
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problems.of(404, "not-found", "Not found", "No campaign " + id));
    }
}
