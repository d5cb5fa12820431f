package com.coachway.hub.delivery;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.Sha256;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.templates.TemplateStore;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.coachway.hub.vocabulary.QuietHours;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The notify step ({@code q.notify}, {@code q.notify.urgent}). A routing-table request becomes a notification
 * record (once: the work message id is its origin key, so a redelivery finds the same record); a reference to an
 * existing notification (API request, due scheduled send) is picked up. Then, unless it waits for its send time or
 * was dispatched already, the channel dispatcher sends it on, in the same transaction.
 */
@Component
class NotificationIntake {

    private static final Logger log = LoggerFactory.getLogger(NotificationIntake.class);

    static final String EVENT_ORIGIN_PREFIX = "event:";

    private final NotificationStore store;
    private final ChannelDispatcher dispatcher;
    private final NotificationOutcomes outcomes;
    private final CampaignGate campaigns;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final TemplateStore templates;

    public NotificationIntake(NotificationStore store, ChannelDispatcher dispatcher, NotificationOutcomes outcomes,
            CampaignGate campaigns, TransactionTemplate transactions, ObjectMapper json, TemplateStore templates) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.outcomes = outcomes;
        this.campaigns = campaigns;
        this.transactions = transactions;
        this.json = json;
        this.templates = templates;
    }

    /** Handles one notify work message; {@code messageId} is its AMQP message id. */
    public void handle(byte[] body, String messageId) {
        JsonNode message = parse(body);
        if (message.has("cancel")) {
            cancel(message.get("cancel"));
            return;
        }
        if (message.has("digest")) {
            digest(message, messageId, body);
            return;
        }
        Optional<CampaignGate.Batch> batch = campaignBatch(message);
        Optional<String> listedBefore = listedBefore(message);
        Optional<Cancellable> cancellable = cancellable(message);
        Optional<Quiet> quiet = quiet(message);
        String occasion = text(message, "once_per");
        transactions.executeWithoutResult(tx -> {
            cancellable.ifPresent(c -> store.holdCancelScope(c.scope()));
            Optional<String> calledOff = batch.flatMap(campaigns::enter);
            NotificationStore.Created created = message.hasNonNull("notification_id")
                    ? null
                    : store.create(fromRoute(message), NotificationOrigin.EVENT,
                            EVENT_ORIGIN_PREFIX + originKey(messageId, body), null,
                            text(message.path("event"), "source"), null);
            String id = created == null ? message.get("notification_id").asText() : created.id();
            batch.ifPresent(campaign -> store.campaign(id, campaign.id()));
            if (occasion != null) {
                store.oncePer(id, occasion);
            }
            cancellable.ifPresent(c -> store.cancelOn(id, c.types(), c.scope(), c.seq()));
            quiet.ifPresent(q -> store.quietHours(id, q.hours(), q.zone()));
            if (created == null || !created.created()) {
                store.holdCreationLock(id); // made by someone else, who may not have committed yet
            }
            Optional<Notification> found = store.lock(id);
            if (found.isEmpty()) {
                // the creation lock is ours, so whoever handed this over has finished: it rolled back (the hub
                // stopped before its commit), and what it handed over was never accepted
                log.info("Notify message {} names notification {}, which was never committed; acknowledged",
                        messageId, id);
                return;
            }
            Notification notification = found.get();
            if (notification.status() != NotificationStatus.QUEUED || notification.channel() != null) {
                return; // dispatched or ended before: a repeat of this message changes nothing
            }
            if (calledOff.isEmpty()) {
                calledOff = cancellable.filter(c -> c.seq() != null)
                        .flatMap(c -> store.calledOffAfter(c.scope(), c.types(), c.seq()));
            }
            if (calledOff.isPresent()) {
                outcomes.finish(id, NotificationStatus.CANCELLED, "cancelled", null, null, calledOff.get());
                return;
            }
            // a list that names someone twice (or two batches that both do) must not send them the offer twice
            Optional<String> twin = listedBefore.or(() -> batch.flatMap(campaign -> store.campaignTwin(campaign.id(),
                    notification).map(other -> other + " of campaign " + campaign.id() + " is for the same person")));
            // upstream sent the same event again under a new id (a batch job confirming the day's charters anew)
            if (twin.isEmpty() && occasion != null) {
                // the same wherever the template reads the data: a field it never prints is no news
                twin = store.toldBefore(notification, occasion, () -> templates.current(notification.template())
                        .map(template -> template.content().reads()).orElse(null));
            }
            if (twin.isPresent()) {
                outcomes.finish(id, NotificationStatus.CANCELLED, "duplicate", null, null, "not sent: " + twin.get());
                return;
            }
            if (notification.sendAt() != null && notification.sendAt().isAfter(Instant.now())) {
                return; // the scheduler hands it back when it is due
            }
            // one that waited out quiet hours goes on from the channel it had reached
            dispatcher.dispatch(notification, notification.channelIndex() == null ? 0 : notification.channelIndex(),
                    null);
        });
    }

    /** The quiet hours the router gave a send, on the recipient's clock. */
    private record Quiet(QuietHours hours, ZoneId zone) {
    }

    private static Optional<Quiet> quiet(JsonNode message) {
        JsonNode quiet = message.get("quiet_hours");
        if (quiet == null || quiet.isNull()) {
            return Optional.empty();
        }
        String from = text(quiet, "from");
        String to = text(quiet, "to");
        String zone = text(quiet, "zone");
        try {
            if (from != null && to != null && zone != null) {
                return Optional.of(new Quiet(new QuietHours(LocalTime.parse(from), LocalTime.parse(to)),
                        ZoneId.of(zone)));
            }
        } catch (DateTimeException e) {
            // told below
        }
        throw new PermanentFailure("notify message with quiet_hours that are not {from, to, zone}: " + quiet);
    }

    /**
     * A timed send of the routing table that events of {@code types} can call off.
     *
     * @param seq the place of the event that made it in the order the hub received events; null in a message from a
     *        hub that did not say
     */
    private record Cancellable(List<String> types, NotificationStore.CancelScope scope, Long seq) {
    }

    private static Optional<Cancellable> cancellable(JsonNode message) {
        String match = text(message, "cancel_match");
        if (match == null || !message.path("cancel_on").isArray()) {
            return Optional.empty();
        }
        List<String> types = new ArrayList<>();
        message.get("cancel_on").forEach(type -> types.add(type.asText()));
        JsonNode event = message.path("event");
        return Optional.of(new Cancellable(types,
                new NotificationStore.CancelScope(text(message, "rule"), text(event, "source"), match), seq(event)));
    }

    /** The {@code seq} the router put in {@code node}: its event's place in the order the hub received events. */
    private static Long seq(JsonNode node) {
        JsonNode seq = node.path("seq");
        return seq.isIntegralNumber() ? seq.asLong() : null;
    }

    /**
     * A routed event called off the pending sends of a rule (its {@code cancel_on}): each made by an event received
     * before it and still waiting ends {@code cancelled}, with the event on its timeline. The call-off is kept, so a
     * send whose notify message is handled only after this one is cancelled when it is made. One the due-sends job
     * handed over first is on its way and stays so: a send is cancelled or sent, never both. A repeat of the message
     * finds nothing left to cancel.
     */
    private void cancel(JsonNode cancel) {
        String rule = text(cancel, "rule");
        String source = text(cancel, "source");
        String type = text(cancel, "type");
        String match = text(cancel, "match");
        if (rule == null || source == null || type == null || match == null) {
            throw new PermanentFailure("a cancel message needs rule, source, type and match");
        }
        String eventId = text(cancel, "id");
        Long seq = seq(cancel);
        NotificationStore.CancelScope scope = new NotificationStore.CancelScope(rule, source, match);
        transactions.executeWithoutResult(tx -> {
            store.holdCancelScope(scope);
            if (seq != null && eventId != null) {
                store.recordCallOff(scope, type, eventId, seq);
            }
            // a message from a hub that did not say when its event came calls off every send made so far, as it did
            long before = seq == null ? Long.MAX_VALUE : seq;
            for (String id : store.lockCancellable(scope, type, eventId, before)) {
                outcomes.finish(id, NotificationStatus.CANCELLED, "cancelled", null, null,
                        NotificationStore.calledOffBy(type, eventId, source));
            }
        });
    }

    /**
     * One event for a digest (API.md §2b): added to the pending digest of its rule and key, or the first of a new
     * one that waits for its window to close. Its template gets {@code events} and {@code count}. A digest opened
     * under an id the rule had before ({@code digest.formerly}) gathers it too.
     */
    private void digest(JsonNode message, String messageId, byte[] body) {
        String rule = text(message, "rule");
        String key = text(message.get("digest"), "key");
        JsonNode event = message.get("digest").get("event");
        if (rule == null || key == null || event == null || !event.isObject()) {
            throw new PermanentFailure("a digest message needs rule, digest.key and digest.event");
        }
        List<String> scopes = new ArrayList<>();
        scopes.add(rule);
        message.get("digest").path("formerly").forEach(former -> scopes.add(former.asText()));
        transactions.executeWithoutResult(tx -> {
            Optional<String> open = store.openDigest(scopes, key);
            if (open.isPresent()) {
                if (store.addToDigest(open.get(), event)) {
                    store.timeline(open.get(), NotificationStatus.QUEUED, "gathered " + text(event, "type") + " "
                            + text(event, "id") + " into this digest");
                }
                return;
            }
            ObjectNode data = json.createObjectNode();
            data.putArray("events").add(event);
            data.put("count", 1);
            NotificationRequest first = fromRoute(message);
            String id = store.create(new NotificationRequest(first.template(), first.channels(), first.category(),
                    first.priority(), first.to(), data, first.sendAt(), first.event(), first.rule()),
                    NotificationOrigin.EVENT,
                    EVENT_ORIGIN_PREFIX + originKey(messageId, body), null, text(message.path("event"), "source"),
                    null).id();
            store.digestKey(id, key);
            quiet(message).ifPresent(q -> store.quietHours(id, q.hours(), q.zone()));
        });
    }

    /** The campaign a routed message belongs to, as the router described it. */
    private static Optional<CampaignGate.Batch> campaignBatch(JsonNode message) {
        JsonNode campaign = message.get("campaign");
        if (campaign == null || !campaign.isObject()) {
            return Optional.empty();
        }
        String id = text(campaign, "id");
        JsonNode event = message.path("event");
        if (id == null || text(event, "source") == null || text(event, "id") == null) {
            throw new PermanentFailure("a campaign message needs campaign.id, event.source and event.id");
        }
        String template = text(campaign, "template");
        return Optional.of(new CampaignGate.Batch(id, template == null ? text(message, "template") : template,
                instant(text(campaign, "send_at")), text(event, "source"), text(event, "id"),
                campaign.path("recipients").asInt(1)));
    }

    // within one event the router has marked who is listed again: the first listing is sent, whoever comes first here
    private static Optional<String> listedBefore(JsonNode message) {
        JsonNode campaign = message.path("campaign");
        if (!campaign.path("same_person_as").isInt()) {
            return Optional.empty();
        }
        return Optional.of("recipients[" + campaign.path("index").asInt() + "] of event " + text(message.path(
                "event"), "id") + " is the same person as recipients[" + campaign.get("same_person_as").asInt()
                + "], who is sent it");
    }

    private NotificationRequest fromRoute(JsonNode message) {
        List<String> channels = new ArrayList<>();
        message.path("channels").forEach(channel -> channels.add(channel.asText()));
        if (channels.isEmpty()) {
            throw new PermanentFailure("notify message without channels");
        }
        JsonNode event = message.path("event");
        JsonNode recipient = message.get("recipient");
        Recipient to = recipient == null || !recipient.isObject()
                ? Recipient.NOBODY
                : new Recipient(text(recipient, "name"), text(recipient, "phone"), text(recipient, "email"),
                        text(recipient, "locale"), text(recipient, "timezone"));
        return new NotificationRequest(text(message, "template"), channels, textOr(message, "category",
                "transactional"), textOr(message, "priority", "normal"), to, message.get("data"), sendAt(message),
                new NotificationRequest.EventRef(text(event, "id"), text(event, "source"), text(event, "type"),
                        text(event, "subject")),
                text(message, "rule"));
    }

    private static Instant sendAt(JsonNode message) {
        return instant(text(message, "send_at"));
    }

    private static Instant instant(String at) {
        try {
            return at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new PermanentFailure("notify message with a send_at that is not an instant: " + at, e);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new PermanentFailure("a notify message must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new PermanentFailure("notify message is not JSON: " + e.getMessage(), e);
        }
    }

    // the router's message ids are deterministic; a hand-made message without one is keyed by its content
    private static String originKey(String messageId, byte[] body) {
        if (messageId != null && !messageId.isBlank()) {
            return messageId;
        }
        return "sha256:" + Sha256.hex(body);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        return value == null ? fallback : value;
    }
}
