package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.Sha256;
import com.coachway.hub.consent.Addresses;
import com.coachway.hub.deadletter.SettledElsewhere;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.IdempotencyKeys;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.OneOf;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;
import com.coachway.hub.templates.HubVariables;
import com.coachway.hub.templates.Template;
import com.coachway.hub.templates.TemplateGuard;
import com.coachway.hub.templates.TrialRender;
import com.coachway.hub.templates.TemplateStore;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.CompanyZone;
import com.coachway.hub.vocabulary.LanguageTags;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.coachway.hub.vocabulary.Priority;
import com.coachway.hub.vocabulary.SendAt;
import com.coachway.hub.vocabulary.TimeZones;
import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The notifications API of API.md §3. A request is stored and handed to the notify queue in one transaction: the
 * 202 means it is on its way. Publishers see and resend only their own notifications; ops, admins and analysts see
 * all.
 */
@Component
class NotificationsApi {

    private static final String INVALID = "The notification request is not valid; every problem is listed";

    private final NotificationStore store;
    private final NotificationQuery query;
    private final TemplateStore templates;
    private final TemplateGuard guard;
    private final TrialRender trial;
    private final Addresses addresses;
    private final NotificationSubmitter submitter;
    private final NotificationOutcomes outcomes;
    private final ChannelDispatcher dispatcher;
    private final TransactionTemplate transactions;
    private final JsonBodies bodies;
    private final RequestBodies requests;
    private final ProblemReplies replies;
    private final CompanyZone company;
    private final SettledElsewhere settled;

    public NotificationsApi(NotificationStore store, NotificationQuery query, TemplateStore templates,
            TemplateGuard guard, TrialRender trial, Addresses addresses, NotificationSubmitter submitter,
            NotificationOutcomes outcomes, ChannelDispatcher dispatcher, TransactionTemplate transactions,
            JsonBodies bodies, RequestBodies requests, ProblemReplies replies, CompanyZone company,
            SettledElsewhere settled) {
        this.store = store;
        this.query = query;
        this.templates = templates;
        this.guard = guard;
        this.trial = trial;
        this.addresses = addresses;
        this.submitter = submitter;
        this.outcomes = outcomes;
        this.dispatcher = dispatcher;
        this.transactions = transactions;
        this.bodies = bodies;
        this.requests = requests;
        this.replies = replies;
        this.company = company;
        this.settled = settled;
    }

    /** {@code POST /api/v1/notifications}; the same Idempotency-Key again returns the same notification. */
    public HttpReply create(byte[] body, Object idempotencyKey, Caller caller) {
        String key = IdempotencyKeys.checked(idempotencyKey);
        JsonNode object = bodies.object(body);
        NotificationRequest request = request(object);
        String hash = Sha256.hex(object.toString());
        String originKey = key == null ? null : "api:" + caller.name() + ":" + key;
        NotificationStore.Created created = transactions.execute(tx -> {
            return submitter.submit(request, NotificationOrigin.API, originKey, hash, caller.name(), null);
        });
        if (!created.created() && !hash.equals(created.requestHash())) {
            throw IdempotencyKeys.reused("notification " + created.id());
        }
        Notification notification = store.find(created.id()).orElseThrow();
        return replies.json(202, new Accepted(notification.id(), notification.status(), !created.created()));
    }

    record Accepted(String id, NotificationStatus status, boolean duplicate) {
    }

    /** {@code GET /api/v1/notifications/{id}} with its timeline. */
    public HttpReply get(String id, Caller caller) {
        return replies.json(200, whole(visible(id, caller)));
    }

    /** One notification with its content and timeline. */
    private NotificationView whole(Notification notification) {
        return NotificationView.of(notification, store.content(notification.id()).orElse(null),
                store.timeline(notification.id()));
    }

    /**
     * {@code GET /api/v1/notifications?recipient=&status=&template=&event_id=&lead_id=&since=&until=&scheduled=&page=
     * &size=};
     * {@code scheduled=true} lists the sends still waiting for their {@code send_at}, soonest first.
     */
    public HttpReply list(Map<String, Object> query, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        String recipient = QueryParams.address(query, "recipient");
        String normalised = null;
        if (recipient != null) {
            normalised = addresses.emailOrPhone(recipient).orElse(null);
            if (normalised == null) {
                errors.add(new FieldError("recipient", Addresses.EMAIL_OR_PHONE_EXPECTED));
            }
        }
        String status = QueryParams.text(query, "status");
        if (status != null && NotificationStatus.of(status).isEmpty()) {
            errors.add(FieldError.oneOf("status", NotificationStatus.NAMES));
        }
        QueryParams.Period period = QueryParams.period(query, company.zone(), errors);
        Boolean scheduled = QueryParams.bool(query, "scheduled", errors);
        String leadId = QueryParams.text(query, "lead_id", 100, errors);
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        String template = QueryParams.text(query, "template");
        if (errors.isEmpty()) {
            templates.neverNamed("template", template).ifPresent(errors::add);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        boolean all = caller.seesAll();
        NotificationQuery.Page found = this.query.find(new NotificationQuery.Filter(normalised, status,
                template, QueryParams.text(query, "event_id"), period.since(),
                period.until(),
                all ? null : caller.name(),
                all ? null : caller.source(), leadId, Boolean.TRUE.equals(scheduled)),
                paging.page(), paging.size());
        List<NotificationView> items = found.items().stream().map(NotificationView::listed).toList();
        return replies.json(200, new Listing(items, paging.page(), paging.size(), found.total()));
    }

    record Listing(List<NotificationView> items, int page, int size, long total) {
    }

    /**
     * A send that waits (or waited) for its time, and why it exists.
     *
     * @param to whom it will go, as the event or the request named them
     * @param why the rule and event that scheduled it (for a digest, how many events it gathered and the first), or
     *            who asked for the {@code send_at}
     * @param outlook for one still waiting, what would become of it now when that is not what it was made for (its
     *            recipient opted out since); absent otherwise
     */
    record ScheduledSend(String id, NotificationStatus status, Instant sendAt, Recipient to, String template,
            List<String> channels, String rule, String eventId, String eventSource, String eventType, String why,
            String outlook) {

        static ScheduledSend of(Notification n, String outlook) {
            String event = n.eventType() + " " + n.eventId() + " from " + n.eventSource();
            // a digest names its first event in event_id: say how many it gathered, and that it is the first
            int gathered = n.digestKey() == null ? 0 : n.data().path("count").asInt();
            String why = n.rule() == null
                    ? "send_at asked for by " + n.createdBy()
                    : n.digestKey() == null
                            ? "rule " + n.rule() + " on " + event
                            : "rule " + n.rule() + ", a digest of " + gathered + (gathered == 1 ? " event" : " events")
                                    + ", the first " + event;
            return new ScheduledSend(n.id(), n.status(), n.timedFor(), n.recipient(), n.template(), n.channels(),
                    n.rule(), n.eventId(), n.eventSource(), n.eventType(), why, outlook);
        }
    }

    record ScheduledListing(List<ScheduledSend> items, int page, int size, long total) {
    }

    /**
     * {@code GET /api/v1/scheduled?subject=&campaign=&status=&page=&size=} (API.md §2b): timed sends, soonest first;
     * by default those still waiting ({@code status=pending}), or those that had a send time and now have
     * {@code status}.
     */
    public HttpReply scheduled(Map<String, Object> query, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        String status = QueryParams.text(query, "status");
        if (status != null && !"pending".equals(status) && NotificationStatus.of(status).isEmpty()) {
            errors.add(new FieldError("status", "must be pending or one of " + NotificationStatus.NAMES));
        }
        String subject = QueryParams.text(query, "subject", 500, errors);
        String campaign = QueryParams.text(query, "campaign", 200, errors);
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        boolean pending = status == null || "pending".equals(status);
        boolean all = caller.seesAll();
        NotificationQuery.Page found = this.query.find(new NotificationQuery.Filter(null, pending ? null : status,
                null, null, null, null, all ? null : caller.name(), all ? null : caller.source(), subject,
                campaign, null, pending ? NotificationQuery.Timed.PENDING : NotificationQuery.Timed.ANY), paging.page(),
                paging.size());
        // most waiting sends of a page share a few templates: each is read once (a gone one is reported by the send)
        Map<String, Optional<Template>> current = new HashMap<>();
        return replies.json(200,
                new ScheduledListing(found.items().stream()
                        .map(n -> ScheduledSend.of(n, n.status() == NotificationStatus.QUEUED
                                ? current.computeIfAbsent(n.template(), templates::current)
                                        .flatMap(t -> dispatcher.outlook(n, t)).orElse(null)
                                : null))
                        .toList(), paging.page(), paging.size(), found.total()));
    }

    /**
     * {@code POST /api/v1/notifications/{id}/resend}: a new notification with the same request, linked. One whose send
     * time is still ahead (a scheduled send cancelled by mistake) waits for that time again rather than go at once: a
     * trip reminder due tomorrow morning is not sent at 3 a.m., and the events that would have called the first off
     * (its rule's {@code cancel_on}) call this one off too. The same Idempotency-Key again (a caller retrying after a
     * timeout, a double click) returns the first resend instead of texting the customer twice. A notification still
     * {@code queued} or {@code sending} is a 409: it is still on its way, and a resend would reach the recipient twice.
     */
    public HttpReply resend(String id, Object idempotencyKey, Caller caller) {
        String key = IdempotencyKeys.checked(idempotencyKey);
        Notification original = visible(id, caller);
        Instant sendAt = original.sendAt() != null && original.sendAt().isAfter(Instant.now())
                ? original.sendAt()
                : null;
        NotificationRequest request = new NotificationRequest(original.template(), original.channels(),
                original.category(), original.priority(), original.recipient(), original.data(), sendAt,
                original.eventId() == null
                        ? null
                        : new NotificationRequest.EventRef(original.eventId(), original.eventSource(),
                                original.eventType(), null),
                original.rule());
        String originKey = key == null ? null : "resend:" + caller.name() + ":" + key;
        String hash = Sha256.hex("resend of " + id);
        NotificationStore.Created created = transactions.execute(tx -> {
            Notification now = store.lock(id).orElseThrow(() -> notFound(id));
            if (now.status() == NotificationStatus.QUEUED || now.status() == NotificationStatus.SENDING) {
                throw new ProblemException(Problems.of(409, "still-on-its-way", "Still on its way",
                        "Notification " + id + " is " + now.status().wire()
                                + (now.channel() == null && now.sendAt() != null
                                        ? " and waits for its send time " + now.sendAt()
                                        : "")
                                + "; a resend now would reach the recipient twice. Resend it once it has ended, or"
                                + " cancel it first if it waits"));
            }
            NotificationStore.Created made = submitter.submit(request, NotificationOrigin.RESEND, originKey, hash,
                    caller.name(), id);
            if (made.created() && sendAt != null) {
                store.inheritCancelOn(made.id(), id);
            }
            if (made.created()) {
                String resent = "resent as " + made.id() + " by " + caller.name();
                // a parked one's dead letter is given up: replayed as well, it would reach the recipient twice
                List<Long> givenUp = now.status() == NotificationStatus.PARKED
                        ? settled.discard(HubHeaders.NOTIFICATION_ID, id, resent
                                + ": a replay would reach the recipient twice", caller.name())
                        : List.of();
                store.timeline(id, original.status(), resent
                        + (sendAt == null ? "" : ", for its send time " + sendAt)
                        + (givenUp.isEmpty()
                                ? ""
                                : "; its dead letter " + givenUp.stream().map(String::valueOf)
                                        .collect(Collectors.joining(", "))
                                        + " given up, as a replay would now reach the"
                                        + " recipient twice"));
            }
            return made;
        });
        if (!created.created() && !hash.equals(created.requestHash())) {
            throw IdempotencyKeys.reused("notification " + created.id());
        }
        Notification resent = store.find(created.id()).orElseThrow();
        return replies.json(202, new Accepted(resent.id(), resent.status(), !created.created()));
    }

    /**
     * The body of {@code POST /api/v1/notifications} as the caller wrote it; {@link #request} adds what the
     * constraints cannot see (the template exists, the addresses are real, the data fits the template).
     */
    record NotificationBody(
            @NotBlank(message = "is required") @Size(max = 64) String template,
            @NotEmpty(message = "is required: a non-empty list of sms, whatsapp, email") List<@NotNull @OneOf(Channel.class) String> channels,
            @OneOf(Category.class) String category,
            @OneOf(Priority.class) String priority,
            @NotNull(message = "is required: \\{name, phone, email, locale, timezone\\}") @Valid To to,
            JsonNode data,
            @Schema(nullable = true, description = "ISO-8601 with an offset; absent or null sends now; at most a day past "
                    + "(sent at once) and within a year") @Size(max = 64) String sendAt) {

        record To(@Size(max = 200) String name,
                @Size(max = 64) String phone,
                @Size(max = 254) String email,
                @Size(max = 35) String locale,
                @Schema(description = "IANA zone the recipient reads times in; absent: hub.leads.zone") @Size(max = 64) String timezone) {
        }
    }

    private NotificationRequest request(JsonNode json) {
        RequestBodies.Checked<NotificationBody> checked = requests.check(json, NotificationBody.class);
        NotificationBody body = checked.value();
        // every problem in one answer: the binding's and the constraints', then those only the stored state can tell
        List<FieldError> errors = new ArrayList<>(checked.errors());
        // a misspelt key ignored would change the send: "categroy": "marketing" goes as transactional, past every
        // marketing opt-out; "sendAt" sends now
        RequestBodies.unknownFields(json, NotificationBody.class, "", errors);
        String template = body.template();
        Optional<Template> found = template == null || template.isBlank()
                ? Optional.empty()
                : templates.current(template);
        if (template != null && !template.isBlank() && found.isEmpty()) {
            errors.add(new FieldError("template", "no template named '" + template + "'"));
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String channel : body.channels() == null ? List.<String>of() : body.channels()) {
            if (channel != null && Channel.NAMES.contains(channel) && !channels.add(channel)) {
                errors.add(new FieldError("channels", "'" + channel + "' is listed twice"));
            }
        }
        if (found.isPresent() && !channels.isEmpty() && !found.get().content().supportsAny(channels)) {
            errors.add(new FieldError("channels", "template '" + template + "' has no body for any of its channels ("
                    + String.join(", ", channels) + ")"));
        }
        String category = body.category() == null ? Category.TRANSACTIONAL.wire() : body.category();
        String priority = body.priority() == null ? Priority.NORMAL.wire() : body.priority();
        Recipient to = body.to() == null ? Recipient.NOBODY : recipient(body.to(), List.copyOf(channels), errors);
        JsonNode data = body.data();
        if (data != null && !data.isNull() && !data.isObject()) {
            errors.add(new FieldError("data", "must be a JSON object"));
        }
        LinkPolicy.dangerousLinkIn(data, "data").ifPresent(path -> errors.add(new FieldError(path,
                "must not be a javascript:, vbscript:, data: or file: link")));
        Instant sendAt = null;
        if (body.sendAt() != null && !checked.fails("send_at")) {
            if (SendAt.acceptable(body.sendAt(), Instant.now())) {
                sendAt = SendAt.parse(body.sendAt()).orElseThrow();
            } else {
                errors.add(new FieldError("send_at", SendAt.EXPECTED));
            }
        }
        // whatever else is wrong, once its template, channels and data can be read: a 400 now, naming what is
        // missing, instead of a 202 and a message that cannot be rendered
        if (found.isPresent() && !channels.isEmpty() && errors.stream().map(FieldError::field)
                .noneMatch(field -> field.startsWith("channels") || field.equals("data"))) {
            errors.addAll(guard.missingData(template, found.get().content(), List.copyOf(channels), data,
                    "this request's data"));
            if (body.to() != null && (to.name() == null || to.name().isBlank())) {
                List<String> naming = guard.channelsNamingTheRecipient(template, found.get().content(),
                        List.copyOf(channels));
                if (!naming.isEmpty()) {
                    errors.add(new FieldError("to.name", "is printed by template '" + template + "' on "
                            + String.join(", ", naming) + ": name the recipient, or choose other channels"));
                }
            }
        }
        if (errors.isEmpty()) {
            // what only a render finds ("next week" for a date) is a 400 now, not a parked notification later
            errors.addAll(trial.problems(found.get(), List.copyOf(channels), data,
                    HubVariables.recipient(to.name(), to.phone(), to.email(), to.locale(), to.timezone()), null));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(INVALID, errors);
        }
        return new NotificationRequest(template, List.copyOf(channels), category, priority, to,
                data == null || data.isNull() ? null : data, sendAt, null, null);
    }

    private Recipient recipient(NotificationBody.To to, List<String> channels, List<FieldError> errors) {
        if (to.phone() != null && addresses.phone(to.phone()).isEmpty()) {
            errors.add(new FieldError("to.phone", addresses.phoneExpected()));
        }
        if (to.email() != null && addresses.email(to.email()).isEmpty()) {
            errors.add(new FieldError("to.email", Addresses.EMAIL_EXPECTED));
        }
        if (to.locale() != null && !LanguageTags.valid(to.locale())) {
            errors.add(new FieldError("to.locale", LanguageTags.EXPECTED));
        }
        if (to.timezone() != null && !TimeZones.known(to.timezone())) {
            errors.add(new FieldError("to.timezone", "is not an IANA time zone such as America/New_York"));
        }
        boolean reachable = channels.stream()
                .anyMatch(c -> Channel.EMAIL.wire().equals(c) ? to.email() != null : to.phone() != null);
        if (!channels.isEmpty() && !reachable) {
            errors.add(new FieldError("to", "has no address for any of its channels (" + String.join(", ", channels)
                    + "): sms and whatsapp need a phone, email an email"));
        }
        return new Recipient(to.name(), to.phone(), to.email(), to.locale(), to.timezone());
    }

    /**
     * {@code POST /api/v1/notifications/{id}/cancel} (and {@code /api/v1/scheduled/{id}/cancel}), optionally with
     * {@code {reason}}: a notification still waiting for its {@code send_at} ends {@code cancelled}, its timeline saying
     * who and why; one already handed to a channel, or ended, is a 409 (it may be on its way to the recipient).
     */
    public HttpReply cancel(String id, byte[] body, Caller caller) {
        String reason = CancelBody.reason(body, bodies, requests);
        visible(id, caller);
        Notification cancelled = transactions.execute(tx -> {
            Notification notification = store.lock(id).orElseThrow(() -> notFound(id));
            if (notification.status() != NotificationStatus.QUEUED || notification.channel() != null
                    || notification.sendAt() == null) {
                throw new ProblemException(Problems.of(409, "not-cancellable", "Not waiting",
                        "Notification " + id + " is " + notification.status().wire()
                                + (notification.channel() != null ? " on " + notification.channel() : "")
                                + "; only a scheduled send that still waits for its time can be cancelled"));
            }
            outcomes.finish(id, NotificationStatus.CANCELLED, "cancelled", null, null,
                    CancelBody.said("cancelled by " + caller.name() + " before its send time", reason));
            return store.find(id).orElseThrow();
        });
        return replies.json(200, whole(cancelled));
    }

    private Notification visible(String id, Caller caller) {
        Notification notification = store.find(id).orElseThrow(() -> notFound(id));
        if (!caller.seesAll() && !caller.name().equals(notification.createdBy())
                && (caller.source() == null || !caller.source().equals(notification.eventSource()))) {
            throw notFound(id); // not 403: do not confirm that someone else's notification exists
        }
        return notification;
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problems.of(404, "not-found", "Not found", "No notification " + id));
    }
}
