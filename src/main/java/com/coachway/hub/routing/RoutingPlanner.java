package com.coachway.hub.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.ingress.IngressEvent;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.CompanyZone;
import com.coachway.hub.vocabulary.DurationWords;
import com.coachway.hub.vocabulary.Priority;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Applies the routing table to an event: which rules match, and the work messages they produce. */
@Component
class RoutingPlanner {

    private static final Logger log = LoggerFactory.getLogger(RoutingPlanner.class);

    /** The source of the events the hub raises itself. */
    public static final String RAISED_SOURCE = IngressEvent.HUB_SOURCE;

    /** The recipient role the duty manager stands in for when the event names nobody. */
    static final String MANAGER = "manager";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm",
            java.util.Locale.ROOT);

    /** Where a template finds when the later sends of its event are due. */
    static final String SCHEDULED = "scheduled";

    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9 ().-]{7,30}");

    private final RoutingTableHolder tables;
    private final EscalationProperties escalation;
    private final CompanyZone company;
    private final Thresholds thresholds;
    private final Occasions occasions;
    private final Addresses addresses;
    private final ObjectMapper json;

    RoutingPlanner(RoutingTableHolder tables, EscalationProperties escalation, CompanyZone company,
            Thresholds thresholds, Occasions occasions, Addresses addresses, ObjectMapper json) {
        this.tables = tables;
        this.escalation = escalation;
        this.company = company;
        this.thresholds = thresholds;
        this.occasions = occasions;
        this.addresses = addresses;
        this.json = json;
    }

    /** Reads a message from {@code hub.events}; anything that is not a CloudEvent is poison and parked at once. */
    public RoutedEvent parse(byte[] body) {
        JsonNode event;
        try {
            event = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw new PermanentFailure("not JSON: " + e.getMessage(), e);
        }
        if (event == null || !event.isObject()) {
            throw new PermanentFailure("not a CloudEvent: the body must be a JSON object");
        }
        String source = text(event, "source");
        String id = text(event, "id");
        String type = text(event, "type");
        if (source == null || id == null || type == null) {
            throw new PermanentFailure("not a CloudEvent: source, id and type must be non-empty strings");
        }
        JsonNode data = event.get("data");
        return new RoutedEvent(source, id, type, text(event, "subject"), text(event, "time"),
                data == null || data.isNull() ? json.createObjectNode() : data, event.toString());
    }

    /**
     * The plan for an event under the table in force now; {@code seq} is the event's place in the order the hub
     * received events, which tells a timed send and the event that calls it off which came first.
     */
    public RoutingPlan plan(RoutedEvent event, long seq) {
        List<String> rules = new ArrayList<>();
        List<WorkMessage> messages = new ArrayList<>();
        List<RoutingPlan.RaisedEvent> raised = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        RaisedBefore told = toldAlready(event);
        boolean toldAgain = false;
        List<RoutingRule> matching = tables.table().matching(event.type(), event.data());
        JsonNode eventData = withScheduled(event.data(), scheduledLater(event, matching));
        for (RoutingRule rule : matching) {
            rules.add(rule.id());
            for (int index = 0; index < rule.actions().size(); index++) {
                RoutingAction action = rule.actions().get(index);
                if (!Condition.all(action.when(), event.data())) {
                    say(notes, unmet(event, action));
                    continue;
                }
                String baseId = event.source() + "/" + event.id() + "#" + rule.id() + "/" + index;
                if (action instanceof RoutingAction.Notify notify) {
                    if (told != null && toldTo(event, told.data(), notify)) {
                        toldAgain = true;
                        continue;
                    }
                    JsonNode data = eventData;
                    Workflow.Threshold threshold = notify.workflow().threshold();
                    if (threshold != null) {
                        Optional<Thresholds.Tally> tally = reached(event, rule, index, threshold);
                        if (tally.isEmpty() || !tally.get().fires()) {
                            notes.add(sendsNothing(event, notify, tally.map(t -> counting(threshold, t))
                                    .orElse("it has none of " + String.join(", ", threshold.keys()) + " to count by")));
                            continue;
                        }
                        data = withThreshold(data, threshold, tally.get().fired());
                    }
                    messages.addAll(notifications(event, data, seq, rule, notify, baseId, notes));
                } else if (action instanceof RoutingAction.Raise raise) {
                    Optional<String> upstream = occasions.sentUpstream(raise.type(), event.source(), raise.oncePer(),
                            Occasions.of(event, raise.oncePer()));
                    if (upstream.isPresent()) {
                        notes.add("raises nothing: " + event.source() + " sent " + raise.type() + " "
                                + upstream.get() + " for the same occasion");
                    } else {
                        raised.add(raised(event, raise));
                    }
                } else if (action instanceof RoutingAction.Push push) {
                    messages.add(new WorkMessage(WorkQueues.outbound(push.destination()), baseId,
                            WorkMessage.Action.PUSH, rule.id(),
                            push.destination(), null, event.json()));
                } else {
                    messages.add(
                            new WorkMessage(WorkQueues.LEADS, baseId, WorkMessage.Action.LEAD, rule.id(), null, null,
                                    event.json()));
                }
            }
        }
        if (toldAgain) {
            notes.add("tells nobody twice: the hub raised " + told.id() + " for the same occasion, and it told the"
                    + " same recipients");
        }
        messages.addAll(cancellations(event, seq));
        return new RoutingPlan(rules, messages, raised, notes);
    }

    /**
     * The event the hub raised for the occasion this event from upstream stands for, when it raised one: its
     * notifications went out, so this event's would tell the same people the same thing again.
     */
    private record RaisedBefore(String id, JsonNode data) {
    }

    private RaisedBefore toldAlready(RoutedEvent event) {
        if (RAISED_SOURCE.equals(event.source())) {
            return null;
        }
        for (RoutingRule rule : tables.table().rules()) {
            for (RoutingAction action : rule.actions()) {
                if (action instanceof RoutingAction.Raise raise && raise.type().equals(event.type())) {
                    String id = raisedId(raise.type(), event.source(), Occasions.of(event, raise.oncePer()));
                    Optional<JsonNode> data = occasions.raisedData(id);
                    if (data.isPresent()) {
                        return new RaisedBefore(id, data.get());
                    }
                }
            }
        }
        return null;
    }

    private static String raisedId(String type, String source, String occasion) {
        String id = type + "/" + source + "/" + occasion;
        return id.length() > 200 ? id.substring(0, 200) : id;
    }

    /**
     * Every timed notify action this event's type calls off (its {@code cancel_on}), whichever rule the event itself
     * matches: one message each, which ends the pending sends of that rule from the same source with the same
     * subject (or the same value at {@code cancel_key}) made by events received before this one.
     */
    private List<WorkMessage> cancellations(RoutedEvent event, long seq) {
        List<WorkMessage> messages = new ArrayList<>();
        for (RoutingRule rule : tables.table().rules()) {
            for (int index = 0; index < rule.actions().size(); index++) {
                if (!(rule.actions().get(index) instanceof RoutingAction.Notify notify)
                        || !notify.workflow().cancelOn().contains(event.type())) {
                    continue;
                }
                String match = cancelMatch(event, notify.workflow());
                if (match == null) {
                    continue; // nothing to tell which pending send it means
                }
                // the sends made while the rule had another id wait under that one
                for (String scope : NotifyRoute.scopes(rule)) {
                    ObjectNode body = json.createObjectNode();
                    ObjectNode cancel = body.putObject("cancel");
                    cancel.put("rule", scope);
                    cancel.put("source", event.source());
                    cancel.put("match", match);
                    cancel.put("type", event.type());
                    cancel.put("id", event.id());
                    cancel.put("seq", seq);
                    messages.add(new WorkMessage(WorkQueues.notify(false), "cancel/" + event.source() + "/"
                            + event.id() + "#" + scope + "/" + index, WorkMessage.Action.CANCEL, scope, null, null,
                            body.toString()));
                }
            }
        }
        return messages;
    }

    /**
     * When a notify action's message goes out.
     *
     * @param at the time, or null for at once
     * @param never why nothing goes out; null when something does
     */
    private record SendTime(Instant at, String never) {
    }

    /**
     * When a notify action's message goes out: at once, later, or never (the date it counts from is missing, or has
     * passed under {@code skip_if_past}). A {@code delay} counts from the event's own time, so an event that reaches
     * the hub late is not held for the whole delay again. A campaign's {@code send_at} ({@code requested}) holds
     * unless the action times it itself. Quiet hours move a marketing or reminders send to their end; a
     * transactional message is never held.
     */
    private SendTime sendTime(RoutedEvent event, RoutingRule rule, RoutingAction.Notify notify,
            JsonNode recipient, Instant requested) {
        Workflow workflow = notify.workflow();
        Instant now = Instant.now();
        Instant sendAt = requested != null && requested.isAfter(now) ? requested : null;
        if (workflow.delay() != null) {
            Instant due = SendTimes.afterEvent(event.time(), workflow.delay(), now);
            if (due.isAfter(now)) {
                sendAt = due;
            } else {
                sendAt = null;
                log.info("Rule {}: {} after event {} from {} (time {}) has passed; sending at once", rule.id(),
                        workflow.delay(), event.id(), event.source(), event.time());
            }
        } else if (workflow.digest() != null) {
            sendAt = now.plus(workflow.digest().window()); // when a new digest closes
        } else if (workflow.at() != null) {
            Optional<Instant> at = dueAt(event, workflow.at(), recipient);
            if (at.isEmpty()) {
                log.info("Rule {}: no date at {} in event {} from {}; nothing scheduled", rule.id(),
                        workflow.at().field(), event.id(), event.source());
                return new SendTime(null, "it has no date at " + workflow.at().field());
            }
            if (at.get().isAfter(now)) {
                sendAt = at.get();
            } else if (workflow.skipIfPast()) {
                log.info("Rule {}: {} is past for event {} from {}; skipped (skip_if_past)", rule.id(), at.get(),
                        event.id(), event.source());
                ZoneId zone = zoneOf(recipient);
                return new SendTime(null, "its time, " + WHEN.format(at.get().atZone(zone)) + " " + zone.getId()
                        + ", had passed (skip_if_past)");
            }
        }
        if (keepsQuiet(workflow, notify)) {
            Instant due = sendAt != null ? sendAt : now;
            Instant allowed = workflow.quietHours().after(due, zoneOf(recipient));
            sendAt = allowed.isAfter(due) ? allowed : sendAt;
        }
        return new SendTime(sendAt, null);
    }

    /**
     * The sends this event's rules schedule for a date in its data ({@code at}) that is still ahead, by template, at
     * the first such time: a confirmation may promise the reminder only when one is coming, not when its day-before
     * has already passed or the event has no date.
     */
    private Map<String, Instant> scheduledLater(RoutedEvent event, List<RoutingRule> matching) {
        Map<String, Instant> scheduled = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (RoutingRule rule : matching) {
            for (RoutingAction action : rule.actions()) {
                if (!(action instanceof RoutingAction.Notify notify) || notify.workflow().at() == null
                        || !Condition.all(action.when(), event.data())) {
                    continue;
                }
                String template = template(event, notify);
                if (template == null) {
                    continue;
                }
                for (JsonNode recipient : recipientsAt(event.data(), notify.to())) {
                    dueAt(event, notify.workflow().at(), recipient).filter(now::isBefore)
                            .ifPresent(at -> scheduled.merge(template, at, (a, b) -> a.isBefore(b) ? a : b));
                }
            }
        }
        return scheduled;
    }

    /**
     * The event's data as its templates get it: with {@code scheduled.<template>}, the time each later send is due,
     * when there is one (and the event's own data has no {@code scheduled} of its own, which stays as sent).
     */
    private JsonNode withScheduled(JsonNode eventData, Map<String, Instant> scheduled) {
        if (scheduled.isEmpty() || !eventData.isObject() || eventData.has(SCHEDULED)) {
            return eventData;
        }
        ObjectNode data = ((ObjectNode) eventData).deepCopy();
        ObjectNode due = data.putObject(SCHEDULED);
        scheduled.forEach((template, at) -> due.put(template, at.toString()));
        return data;
    }

    /** When an {@code at} send falls for this recipient: the date in the event's data, on their clock. */
    private Optional<Instant> dueAt(RoutedEvent event, Workflow.At at, JsonNode recipient) {
        return SendTimes.at(event.data(), at, zoneOf(recipient));
    }

    /** The recipient's clock: their own time zone, else the company's. */
    private ZoneId zoneOf(JsonNode recipient) {
        return SendTimes.zoneOf(recipient, company.zone());
    }

    /** The count this event makes for a threshold; empty when the event lacks the key, and so counts for nobody. */
    private Optional<Thresholds.Tally> reached(RoutedEvent event, RoutingRule rule, int index,
            Workflow.Threshold threshold) {
        JsonNode key = threshold.keys().stream().map(path -> DataPath.resolve(event.data(), path))
                .filter(value -> value != null && value.isValueNode() && !value.asText().isBlank())
                .findFirst().orElse(null);
        if (key == null) {
            log.info("Rule {}: event {} from {} has none of {} to count by; nothing sent", rule.id(), event.id(),
                    event.source(), threshold.keys());
            return Optional.empty();
        }
        return Optional.of(thresholds.fire(NotifyRoute.scopes(rule), index, normalised(key.asText()), event,
                threshold));
    }

    /** Where a threshold that did not fire stands, as its event's reason says it. */
    private static String counting(Workflow.Threshold threshold, Thresholds.Tally tally) {
        String within = DurationWords.of(threshold.within());
        if (tally.late()) {
            return "it happened more than " + within + " ago: too long ago to count";
        }
        if (tally.count() < threshold.count()) {
            return tally.count() + " of " + threshold.count() + " within " + within;
        }
        return tally.count() + " within " + within + ": told at " + threshold.count()
                + ", and told again only once the count falls below " + threshold.count() + " and reaches it anew";
    }

    /** The note of an action whose condition the event does not meet ("why did the vendor hear nothing?"). */
    private static String unmet(RoutedEvent event, RoutingAction action) {
        String only = "only when " + Condition.words(action.when());
        if (action instanceof RoutingAction.Notify notify) {
            return sendsNothing(event, notify, only);
        }
        if (action instanceof RoutingAction.Raise raise) {
            return "raises no " + raise.type() + ": " + only;
        }
        if (action instanceof RoutingAction.Push push) {
            return "no push to " + push.destination() + ": " + only;
        }
        return "no lead: " + only;
    }

    /** Adds a note once: a list of recipients who all miss the same thing is said once. */
    private static void say(List<String> notes, String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /** A note for the event's reason: a notify action of a matching rule that sends nothing for it, and why. */
    private static String sendsNothing(RoutedEvent event, RoutingAction.Notify notify, String why) {
        return "no " + Objects.requireNonNullElse(template(event, notify), "message") + " to " + notify.to() + ": "
                + why;
    }

    /**
     * The data of an event that made a threshold, with {@code threshold: {count, days, within, events}} for the
     * template: {@code events} are those counted, oldest first, each as a digest gathers it with the time it counted
     * from ({@link #digestEntry}); one whose payload retention has removed is left out.
     */
    private JsonNode withThreshold(JsonNode eventData, Workflow.Threshold threshold,
            List<Thresholds.Counted> counted) {
        ObjectNode data = eventData.isObject() ? ((ObjectNode) eventData).deepCopy() : json.createObjectNode();
        ObjectNode reached = data.putObject("threshold");
        reached.put("count", threshold.count());
        reached.put("days", threshold.within().toDays());
        reached.put("within", threshold.within().toString());
        ArrayNode events = reached.putArray("events");
        for (Thresholds.Counted one : counted) {
            if (one.payload() != null) {
                ObjectNode entry = digestEntry(parse(one.payload().getBytes(StandardCharsets.UTF_8)));
                entry.put("time", one.at().toString());
                events.add(entry);
            }
        }
        return data;
    }

    /**
     * A key as the same person always gives it: an email or phone in its normal form (so {@code +1 (555) 555-1234}
     * and {@code +15555551234} count together), anything else trimmed and in lower case.
     */
    private String normalised(String key) {
        String trimmed = key.trim();
        Optional<String> address = trimmed.contains("@")
                ? addresses.email(trimmed)
                : PHONE_LIKE.matcher(trimmed).matches() ? addresses.phone(trimmed) : Optional.empty();
        return address.orElse(trimmed.toLowerCase(java.util.Locale.ROOT));
    }

    private String digestKey(Workflow.Digest digest, RoutedEvent event, JsonNode recipient) {
        JsonNode key;
        if (Workflow.Digest.RECIPIENT.equals(digest.key())) {
            key = recipient == null
                    ? null
                    : recipient.hasNonNull("email")
                            ? recipient.get("email")
                            : recipient.get("phone");
        } else {
            key = DataPath.resolve(event.data(), digest.key());
        }
        return key != null && key.isValueNode() && !key.asText().isBlank() ? normalised(key.asText()) : null;
    }

    /** One event as a digest's template sees it in {@code events}. */
    private ObjectNode digestEntry(RoutedEvent event) {
        ObjectNode entry = json.createObjectNode();
        entry.put("id", event.id());
        entry.put("source", event.source());
        entry.put("type", event.type());
        entry.put("subject", event.subject());
        entry.put("time", event.time());
        entry.set("data", event.data());
        return entry;
    }

    private static String cancelMatch(RoutedEvent event, Workflow workflow) {
        if (workflow.cancelKey() == null) {
            return event.subject();
        }
        JsonNode value = DataPath.resolve(event.data(), workflow.cancelKey());
        return value != null && value.isValueNode() && !value.asText().isBlank() ? value.asText() : null;
    }

    // the same occasion (say, one driver recovery) always gives the same id, so the ledger raises it once
    private RoutingPlan.RaisedEvent raised(RoutedEvent event, RoutingAction.Raise raise) {
        String raisedId = raisedId(raise.type(), event.source(), Occasions.of(event, raise.oncePer()));
        ObjectNode data = event.data().isObject() ? ((ObjectNode) event.data()).deepCopy() : json.createObjectNode();
        ObjectNode cause = data.putObject("raised_by");
        cause.put("id", event.id());
        cause.put("source", event.source());
        cause.put("type", event.type());
        ObjectNode raised = IngressEvent.envelope(raisedId, raise.type(), event.subject(),
                OffsetDateTime.now(ZoneOffset.UTC), data);
        return new RoutingPlan.RaisedEvent(raisedId, raise.type(), event.subject(), raised.toString());
    }

    /** The notifications of one notify action, whose template gets {@code data}. */
    private List<WorkMessage> notifications(RoutedEvent event, JsonNode data, long seq, RoutingRule rule,
            RoutingAction.Notify notify, String baseId, List<String> notes) {
        // a missing recipient still becomes a request: notify records it as blocked/no_address
        List<JsonNode> recipients = recipientsAt(event.data(), notify.to());
        Optional<Campaign> campaign = Campaign.of(event);
        Map<String, Integer> listed = new HashMap<>();
        List<WorkMessage> messages = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            JsonNode recipient = recipients.get(i);
            Workflow workflow = notify.workflow();
            SendTime when = sendTime(event, rule, notify, recipient, campaign.map(Campaign::sendAt).orElse(null));
            if (when.never() != null) {
                say(notes, sendsNothing(event, notify, when.never()));
                continue;
            }
            Instant sendAt = when.at();
            ObjectNode body = json.createObjectNode();
            ObjectNode origin = body.putObject("event");
            origin.put("id", event.id());
            origin.put("source", event.source());
            origin.put("type", event.type());
            origin.put("subject", event.subject());
            origin.put("time", event.time());
            origin.put("seq", seq);
            body.put("rule", rule.id());
            body.put("template", template(event, notify));
            body.put("recipient_role", notify.to());
            body.set("recipient", recipient == null || !recipient.isObject() ? null : recipient);
            body.set("channels", json.valueToTree(notify.channels()));
            body.put("category", notify.category());
            body.put("priority", notify.priority());
            body.set("data", data);
            if (workflow.oncePer() != null) {
                // an event without the value nor a subject is an occasion of its own (its id); the path keeps a
                // charter and a change case that share a number apart
                body.put("once_per", workflow.oncePer() + "=" + Occasions.of(event, workflow.oncePer()));
            }
            if (workflow.digest() != null) {
                String key = digestKey(workflow.digest(), event, recipient);
                if (key == null) {
                    log.info("Rule {}: event {} from {} has no {} to gather by; nothing sent", rule.id(), event.id(),
                            event.source(), workflow.digest().key());
                    say(notes, sendsNothing(event, notify, Workflow.Digest.RECIPIENT.equals(workflow.digest().key())
                            ? "the " + notify.to() + " has no address to gather by"
                            : "it has no " + workflow.digest().key() + " to gather by"));
                    continue;
                }
                ObjectNode digest = body.putObject("digest");
                digest.put("key", key);
                digest.set("event", digestEntry(event));
                // a digest its old id opened still gathers what the renamed rule routes
                if (!rule.formerly().isEmpty()) {
                    digest.set("formerly", json.valueToTree(rule.formerly()));
                }
            }
            if (sendAt != null) {
                body.put("send_at", sendAt.toString());
                String match = cancelMatch(event, workflow);
                if (!workflow.cancelOn().isEmpty() && match != null) {
                    body.set("cancel_on", json.valueToTree(workflow.cancelOn()));
                    body.put("cancel_match", match);
                }
            }
            if (keepsQuiet(workflow, notify)) {
                // delivery checks them again right before the provider: a backlog or a retry can reach into them
                ObjectNode quiet = body.putObject("quiet_hours");
                quiet.put("from", workflow.quietHours().from().toString());
                quiet.put("to", workflow.quietHours().to().toString());
                quiet.put("zone", zoneOf(recipient).getId());
            }
            int index = i;
            campaign.ifPresent(named -> named.describe(body, recipients.size(), index,
                    firstListing(listed, recipient, index)));
            String id = recipients.size() == 1 ? baseId : baseId + "/" + i;
            boolean urgent = Priority.urgent(notify.priority());
            messages.add(new WorkMessage(WorkQueues.notify(urgent), id, WorkMessage.Action.NOTIFY, rule.id(), null,
                    notify.priority(),
                    body.toString()));
        }
        return messages;
    }

    /** The recipients at {@code to} in the data (one, a list's, or none: null); a missing manager is the duty one. */
    private List<JsonNode> recipientsAt(JsonNode data, String to) {
        JsonNode target = data == null ? null : DataPath.resolve(data, to);
        if ((target == null || target.isNull()) && MANAGER.equals(to) && escalation.dutyManager() != null) {
            target = json.valueToTree(escalation.dutyManager()); // an escalation always reaches somebody
        }
        List<JsonNode> recipients = new ArrayList<>();
        if (target != null && target.isArray()) {
            target.forEach(recipients::add);
        } else {
            recipients.add(target);
        }
        return recipients;
    }

    /** How a recipient is known as a person: its phone and its email, however written. */
    private List<String> personKeys(JsonNode recipient) {
        List<String> keys = new ArrayList<>();
        if (recipient != null && recipient.isObject()) {
            addresses.phone(text(recipient, "phone")).ifPresent(phone -> keys.add("phone " + phone));
            addresses.email(text(recipient, "email")).ifPresent(email -> keys.add("email " + email));
        }
        return keys;
    }

    /**
     * Whether the event the hub raised for this occasion was told to everyone this notify action would tell (the same
     * phone or email at the same place of its data): a different manager named upstream is still told.
     */
    private boolean toldTo(RoutedEvent event, JsonNode raisedData, RoutingAction.Notify notify) {
        Set<String> told = new HashSet<>();
        recipientsAt(raisedData, notify.to()).forEach(recipient -> told.addAll(personKeys(recipient)));
        return recipientsAt(event.data(), notify.to()).stream()
                .allMatch(recipient -> personKeys(recipient).stream().anyMatch(told::contains));
    }

    /**
     * The earlier place in a campaign's list that names the same person (the same phone or email, however written),
     * or null: the first listing is the one sent, whichever notify consumer comes first.
     */
    private Integer firstListing(Map<String, Integer> listed, JsonNode recipient, int index) {
        if (recipient == null || !recipient.isObject()) {
            return null;
        }
        List<String> keys = personKeys(recipient);
        Integer earlier = keys.stream().map(listed::get).filter(Objects::nonNull).min(Integer::compare).orElse(null);
        keys.forEach(key -> listed.putIfAbsent(key, index));
        return earlier;
    }

    /** Quiet hours hold only marketing and reminders sends (API.md §2b). */
    private static boolean keepsQuiet(Workflow workflow, RoutingAction.Notify notify) {
        return workflow.quietHours() != null && Category.OPTIONAL.contains(notify.category());
    }

    private static String template(RoutedEvent event, RoutingAction.Notify notify) {
        if (notify.templateField() != null) {
            JsonNode named = DataPath.resolve(event.data(), notify.templateField());
            return named != null && named.isTextual() ? named.textValue() : null;
        }
        String type = event.type();
        return notify.template().replace(RoutingTableParser.TYPE_LAST, type.substring(type.lastIndexOf('.') + 1));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }
}
