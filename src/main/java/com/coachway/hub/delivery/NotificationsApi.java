package com.coachway.hub.delivery;

import com.coachway.hub.vocabulary.NotificationStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.Sha256;
import com.coachway.hub.consent.Addresses;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.Problem;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.security.Caller;
import com.coachway.hub.security.Roles;
import com.coachway.hub.templates.Template;
import com.coachway.hub.templates.TemplateGuard;
import com.coachway.hub.templates.TemplateStore;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.Priority;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The notifications API of API.md §3. A request is stored and handed to the notify queue in one transaction: the
 * 202 means it is on its way. Publishers see and resend only their own notifications; ops, admins and analysts see
 * all.
 */
@Component
public class NotificationsApi {

    static final List<String> CHANNELS = Channel.NAMES;
    static final List<String> CATEGORIES = Category.NAMES;
    static final List<String> PRIORITIES = Priority.NAMES;
    static final int MAX_PAGE_SIZE = 200;

    private final NotificationStore store;
    private final NotificationQuery query;
    private final TemplateStore templates;
    private final TemplateGuard guard;
    private final Addresses addresses;
    private final NotificationSubmitter submitter;
    private final TransactionTemplate transactions;
    private final JsonBodies bodies;
    private final ProblemReplies replies;

    public NotificationsApi(NotificationStore store, NotificationQuery query, TemplateStore templates,
            TemplateGuard guard, Addresses addresses, NotificationSubmitter submitter, TransactionTemplate transactions,
            JsonBodies bodies,
            ProblemReplies replies) {
        this.store = store;
        this.query = query;
        this.templates = templates;
        this.guard = guard;
        this.addresses = addresses;
        this.submitter = submitter;
        this.transactions = transactions;
        this.bodies = bodies;
        this.replies = replies;
    }

    /** {@code POST /api/v1/notifications}; the same Idempotency-Key again returns the same notification. */
    public HttpReply create(byte[] body, String idempotencyKey, Caller caller) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255
                || idempotencyKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw ProblemException.badRequest("Idempotency-Key must be 1-255 visible ASCII characters",
                    List.of(new FieldError("Idempotency-Key", "must be 1-255 visible ASCII characters")));
        }
        JsonNode json = bodies.object(body);
        NotificationRequest request = request(json);
        String hash = Sha256.hex(json.toString());
        String originKey = idempotencyKey == null ? null : "api:" + caller.name() + ":" + idempotencyKey;
        NotificationStore.Created created = transactions.execute(tx -> {
            return submitter.submit(request, "api", originKey, hash, caller.name(), null);
        });
        if (!created.created() && !hash.equals(created.requestHash())) {
            throw new ProblemException(Problem.of(409, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request (notification " + created.id() + ")"));
        }
        Notification notification = store.find(created.id()).orElseThrow();
        return replies.json(202, new Accepted(notification.id(), notification.status(), !created.created()));
    }

    record Accepted(String id, NotificationStatus status, boolean duplicate) {
    }

    /** {@code GET /api/v1/notifications/{id}} with its timeline. */
    public HttpReply get(String id, Caller caller) {
        Notification notification = visible(id, caller);
        return replies.json(200, NotificationView.of(notification, store.timeline(id)));
    }

    /** {@code GET /api/v1/notifications?recipient=&status=&template=&event_id=&since=&until=&page=&size=}. */
    public HttpReply list(Map<String, Object> query, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        String recipient = QueryParams.text(query, "recipient");
        String normalised = null;
        if (recipient != null) {
            normalised = addresses.email(recipient).or(() -> addresses.phone(recipient)).orElse(null);
            if (normalised == null) {
                errors.add(new FieldError("recipient", "is neither a valid email address nor a phone number"));
            }
        }
        String status = QueryParams.text(query, "status");
        if (status != null && NotificationStatus.of(status).isEmpty()) {
            errors.add(new FieldError("status", "must be one of " + NotificationStatus.NAMES));
        }
        Instant since = QueryParams.instant(query, "since", errors);
        Instant until = QueryParams.instant(query, "until", errors);
        int page = QueryParams.integer(query, "page", 0, 0, 1_000_000, errors);
        int size = QueryParams.integer(query, "size", 20, 1, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        boolean all = seesAll(caller);
        NotificationQuery.Page found = this.query.find(new NotificationQuery.Filter(normalised, status,
                QueryParams.text(query, "template"), QueryParams.text(query, "event_id"), since, until,
                all ? null : caller.name(),
                all ? null : caller.source()), page, size);
        List<NotificationView> items = found.items().stream().map(n -> NotificationView.of(n, null)).toList();
        return replies.json(200, new Listing(items, page, size, found.total()));
    }

    record Listing(List<NotificationView> items, int page, int size, long total) {
    }

    /** {@code POST /api/v1/notifications/{id}/resend}: a new notification with the same request, linked. */
    public HttpReply resend(String id, Caller caller) {
        Notification original = visible(id, caller);
        NotificationRequest request = new NotificationRequest(original.template(), original.channels(),
                original.category(), original.priority(), original.recipient(), original.data(), null,
                original.eventId() == null
                        ? null
                        : new NotificationRequest.EventRef(original.eventId(), original.eventSource(),
                                original.eventType(), null),
                original.rule());
        String newId = transactions.execute(tx -> {
            NotificationStore.Created created = submitter.submit(request, "resend", null, null, caller.name(), id);
            store.timeline(id, original.status(), "resent as " + created.id() + " by " + caller.name());
            return created.id();
        });
        return replies.json(202, new Accepted(newId, NotificationStatus.QUEUED, false));
    }

    private NotificationRequest request(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        String template = string(json, "template", true, 64, errors);
        Optional<Template> found = template == null ? Optional.empty() : templates.current(template);
        if (template != null && found.isEmpty()) {
            errors.add(new FieldError("template", "no template named '" + template + "'"));
        }
        List<String> channels = new ArrayList<>();
        JsonNode channelsNode = json.get("channels");
        if (channelsNode == null || !channelsNode.isArray() || channelsNode.isEmpty()) {
            errors.add(new FieldError("channels", "is required: a non-empty list of sms, whatsapp, email"));
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode channel : channelsNode) {
                if (!channel.isTextual() || !CHANNELS.contains(channel.textValue())) {
                    errors.add(new FieldError("channels", "each channel is sms, whatsapp or email"));
                } else if (!seen.add(channel.textValue())) {
                    errors.add(new FieldError("channels", "'" + channel.textValue() + "' is listed twice"));
                }
            }
            channels.addAll(seen);
        }
        String category = oneOf(json, "category", CATEGORIES, "transactional", errors);
        String priority = oneOf(json, "priority", PRIORITIES, "normal", errors);
        Recipient to = recipient(json.get("to"), channels, errors);
        JsonNode data = json.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            errors.add(new FieldError("data", "must be a JSON object"));
        }
        LinkPolicy.dangerousLinkIn(data, "data").ifPresent(path -> errors.add(new FieldError(path,
                "must not be a javascript:, vbscript:, data: or file: link")));
        Instant sendAt = null;
        String sendAtText = string(json, "send_at", false, 64, errors);
        if (sendAtText != null) {
            try {
                sendAt = OffsetDateTime.parse(sendAtText).toInstant();
                if (sendAt.isAfter(Instant.now().plus(366, ChronoUnit.DAYS))) {
                    errors.add(new FieldError("send_at", "must be within a year"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("send_at", "must be an ISO-8601 timestamp such as 2026-03-01T10:00:00Z"));
            }
        }
        if (errors.isEmpty() && found.isPresent()) {
            // a 400 now, naming what is missing, instead of a 202 and a message that cannot be rendered
            errors.addAll(guard.missingData(template, found.get().content(), channels, data, "this request's data"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The notification request is not valid; every problem is listed",
                    errors);
        }
        return new NotificationRequest(template, channels, category, priority, to,
                data == null || data.isNull() ? null : data, sendAt, null, null);
    }

    private Recipient recipient(JsonNode to, List<String> channels, List<FieldError> errors) {
        if (to == null || !to.isObject()) {
            errors.add(new FieldError("to", "is required: {name, phone, email, locale}"));
            return Recipient.NOBODY;
        }
        String name = string(to, "name", false, 200, errors);
        String phone = string(to, "phone", false, 64, errors);
        String email = string(to, "email", false, 254, errors);
        String locale = string(to, "locale", false, 35, errors);
        if (phone != null && addresses.phone(phone).isEmpty()) {
            errors.add(new FieldError("to.phone", "is not a valid phone number"));
        }
        if (email != null && addresses.email(email).isEmpty()) {
            errors.add(new FieldError("to.email", "is not a valid email address"));
        }
        if (locale != null) {
            try {
                new Locale.Builder().setLanguageTag(locale);
            } catch (IllformedLocaleException e) {
                errors.add(new FieldError("to.locale", "is not a language tag such as en or es-MX"));
            }
        }
        boolean reachable = channels.stream().anyMatch(c -> "email".equals(c) ? email != null : phone != null);
        if (!channels.isEmpty() && !reachable) {
            errors.add(new FieldError("to", "has no address for any of the channels " + channels));
        }
        return new Recipient(name, phone, email, locale);
    }

    private Notification visible(String id, Caller caller) {
        Notification notification = store.find(id).orElseThrow(() -> notFound(id));
        if (!seesAll(caller) && !caller.name().equals(notification.createdBy())
                && (caller.source() == null || !caller.source().equals(notification.eventSource()))) {
            throw notFound(id); // not 403: do not confirm that someone else's notification exists
        }
        return notification;
    }

    private static boolean seesAll(Caller caller) {
        return caller.hasRole(Roles.OPS) || caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.ANALYST);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", "No notification " + id));
    }

    private static String string(JsonNode node, String field, boolean required, int max, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            errors.add(new FieldError(field, "must be a non-empty string"));
            return null;
        }
        if (value.textValue().length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return value.textValue();
    }

    private static String oneOf(JsonNode node, String field, List<String> allowed, String fallback,
            List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || !allowed.contains(value.textValue())) {
            errors.add(new FieldError(field, "must be one of " + allowed.stream().sorted().toList()));
            return fallback;
        }
        return value.textValue();
    }
}
