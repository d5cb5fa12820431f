package com.coachway.hub.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.PlainText;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.messaging.BrokerRates;
import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.RetryProperties;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;
import com.coachway.hub.vocabulary.CompanyZone;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ops API over dead letters and queues (API.md §10). A replay publishes the message as it was parked (or with
 * an edited body) to where it was first published, keeping its attempt count, so a replay that fails again comes
 * back as a new attempt; a replay and a discard are each recorded with who and when. Both also go by a filter, up
 * to a thousand at a time.
 */
@Component
class DeadLettersApi {

    private static final Logger log = LoggerFactory.getLogger(DeadLettersApi.class);

    static final String PARKED = "parked";
    static final List<String> STATUSES = List.of(PARKED, "replayed", "discarded");
    static final int MAX_BULK = 1000;
    /**
     * What a dead letter's queue can be: a work queue, its parking queue (one the broker gave up on from there), or
     * where the drain keeps what no queue took.
     */
    static final Set<String> QUEUES = Stream.concat(WorkQueues.ALL.stream(), WorkQueues.drained().stream())
            .collect(Collectors.toUnmodifiableSet());
    static final int MAX_NOTE = 1000;

    private final DeadLetterStore store;
    private final List<DeadLetterReplayer> replayers;
    private final DurablePublisher publisher;
    private final AmqpAdmin rabbit;
    private final RetryProperties retry;
    private final TransactionTemplate transactions;
    private final JsonBodies bodies;
    private final RequestBodies requests;
    private final ProblemReplies replies;
    private final ObjectMapper json;
    private final BrokerRates rates;
    private final CompanyZone company;

    DeadLettersApi(DeadLetterStore store, List<DeadLetterReplayer> replayers, DurablePublisher publisher,
            AmqpAdmin rabbit, RetryProperties retry, TransactionTemplate transactions, JsonBodies bodies,
            RequestBodies requests,
            ProblemReplies replies, ObjectMapper json, BrokerRates rates, CompanyZone company) {
        this.json = json;
        this.rates = rates;
        this.store = store;
        this.replayers = List.copyOf(replayers);
        this.publisher = publisher;
        this.rabbit = rabbit;
        this.retry = retry;
        this.transactions = transactions;
        this.bodies = bodies;
        this.requests = requests;
        this.replies = replies;
        this.company = company;
    }

    /** {@code GET /ops/api/dead-letters?queue=&reason=&status=&since=&until=&page=&size=}, newest first. */
    public HttpReply list(Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        DeadLetterStore.Filter filter = filter(query, errors);
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        return replies.json(200, new Listing(store.find(filter, paging.page(), paging.size()), paging.page(),
                paging.size(), store.count(filter)));
    }

    record Listing(List<DeadLetter> items, int page, int size, long total) {
    }

    /** {@code GET /ops/api/dead-letters/{id}}: body, headers, reason, attempts, original queue, history. */
    public HttpReply get(String id) {
        return replies.json(200, store.find(id(id)).orElseThrow(() -> notFound(id)));
    }

    /** The replay's optional edit: the message body ops corrected, as JSON or as a string holding it. */
    record ReplayBody(@PlainText String body) {
    }

    /** Why ops discard a dead letter. */
    record DiscardBody(@NotBlank(message = "is required") @Size(max = MAX_NOTE) @PlainText String reason) {
    }

    /** {@code POST /ops/api/dead-letters/{id}/replay}, optionally {@code {body: "<edited body>"}}. */
    public HttpReply replay(String id, byte[] body, Caller caller) {
        long deadLetterId = id(id);
        String edited = null;
        if (body != null && body.length > 0) {
            JsonNode request = bodies.object(body);
            JsonNode given = request.get("body");
            if (given != null && given.isContainerNode()) {
                // the corrected message written as JSON itself, as it is read back, not as a string holding it
                ((ObjectNode) request).put("body", given.toString());
            }
            // "bdy" ignored would replay the message as it was parked, not as ops corrected it
            edited = requests.bindExactly(request, ReplayBody.class, "The replay is not valid").body();
        }
        String replacement = edited;
        DeadLetter replayed = transactions.execute(tx -> replayOne(deadLetterId, replacement, caller.name()));
        return replies.json(200, replayed);
    }

    private static final String FILTER_REQUIRED = "is required: \\{queue, reason, since, until\\}, or \\{\\} for every parked message";

    /**
     * The bulk replay of API.md §10.
     *
     * @param filter which parked messages: {@code {}} for all of them
     * @param dryRun only count them
     */
    record BulkReplay(@NotNull(message = FILTER_REQUIRED) @Valid BulkFilter filter, Boolean dryRun) {
    }

    /**
     * A bulk discard: the bulk replay's filter, and why they are given up (required unless it is a dry run).
     *
     * @param filter which parked messages: {@code {}} for all of them
     * @param reason why, kept in each one's history (and a notification's timeline)
     * @param dryRun only count them
     */
    record BulkDiscard(@NotNull(message = FILTER_REQUIRED) @Valid BulkFilter filter,
            @Size(max = MAX_NOTE) @PlainText String reason, Boolean dryRun) {
    }

    /** Which parked messages a bulk replay or discard takes. */
    record BulkFilter(@Size(max = 100) @PlainText String queue, @Size(max = 200) @PlainText String reason,
            @Size(max = 64) String since, @Size(max = 64) String until) {
    }

    /**
     * {@code POST /ops/api/dead-letters/replay {"filter": {queue, reason, since, until}, "dry_run": bool}}: every
     * parked match, oldest first; a dry run only counts them. One that cannot be replayed (an event that is still
     * invalid, a body that is not text) is reported and stays parked; the others go on.
     */
    public HttpReply replayAll(byte[] body, Caller caller) {
        RequestBodies.Checked<BulkReplay> checked = requests.checkExactly(bodies.object(body), BulkReplay.class);
        List<FieldError> errors = new ArrayList<>(checked.errors());
        BulkReplay asked = checked.value();
        DeadLetterStore.Filter filter = asked == null ? null : parkedMatching(asked.filter(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid bulk replay", errors);
        }
        if (Boolean.TRUE.equals(asked.dryRun())) {
            return replies.json(200, new Matched(store.count(filter)));
        }
        Outcome outcome = each(filter, id -> transactions.executeWithoutResult(tx -> replayOne(id, null,
                caller.name())));
        log.info("{} replayed {} dead letters matching {} ({} refused)", caller.name(), outcome.done().size(),
                filter, outcome.refused().size());
        return replies.json(200, new Bulk(outcome.done().size(), outcome.done(), outcome.refused(),
                store.count(filter)));
    }

    /**
     * {@code POST /ops/api/dead-letters/discard {"filter": {…}, "reason": "…", "dry_run": bool}}: gives up every
     * parked match, oldest first, as many single discards with the same reason (the messages after an outage that
     * nobody should receive any more: yesterday's reminders); a dry run only counts them.
     */
    public HttpReply discardAll(byte[] body, Caller caller) {
        RequestBodies.Checked<BulkDiscard> checked = requests.checkExactly(bodies.object(body), BulkDiscard.class);
        List<FieldError> errors = new ArrayList<>(checked.errors());
        BulkDiscard asked = checked.value();
        DeadLetterStore.Filter filter = asked == null ? null : parkedMatching(asked.filter(), errors);
        boolean dryRun = asked != null && Boolean.TRUE.equals(asked.dryRun());
        if (asked != null && !dryRun && (asked.reason() == null || asked.reason().isBlank())
                && errors.stream().noneMatch(error -> error.field().equals("reason"))) {
            errors.add(new FieldError("reason", "is required: why they are given up (kept in each one's history)"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid bulk discard", errors);
        }
        if (dryRun) {
            return replies.json(200, new Matched(store.count(filter)));
        }
        Outcome outcome = each(filter, id -> transactions.executeWithoutResult(tx -> discardOne(id, asked.reason(),
                caller.name())));
        log.info("{} discarded {} dead letters matching {}: {}", caller.name(), outcome.done().size(), filter,
                asked.reason());
        return replies.json(200, new BulkDiscarded(outcome.done().size(), outcome.done(), outcome.refused(),
                store.count(filter)));
    }

    /** The parked dead letters a bulk filter names; its problems are added to {@code errors} under "filter.". */
    private DeadLetterStore.Filter parkedMatching(BulkFilter given, List<FieldError> errors) {
        if (given == null) {
            return null;
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("since", given.since());
        query.put("until", given.until());
        List<FieldError> dates = new ArrayList<>();
        DeadLetterStore.Filter times = filter(query, dates);
        dates.forEach(error -> errors.add(new FieldError("filter." + error.field(), error.message())));
        queueProblem(given.queue()).ifPresent(problem -> errors.add(new FieldError("filter.queue", problem)));
        return new DeadLetterStore.Filter(given.queue(), given.reason(), PARKED, times.since(), times.until());
    }

    /**
     * Why a queue filter names no queue of the hub: a mistyped one would list nothing, read at 3 a.m. as "nothing
     * failed", and a bulk call would match nothing.
     */
    static Optional<String> queueProblem(String queue) {
        if (queue == null || QUEUES.contains(queue)) {
            return Optional.empty();
        }
        String meant = QUEUES.contains("q." + queue) ? "; did you mean q." + queue + "?" : "";
        return Optional.of("'" + queue + "' is no hub queue: name a work queue such as " + WorkQueues.NOTIFY + " or "
                + WorkQueues.DELIVER_SMS + " (GET /ops/api/queues lists them)" + meant);
    }

    /** What a bulk operation did, and what it left parked with why. */
    private record Outcome(List<Long> done, List<Refused> refused) {
    }

    /**
     * Does {@code one} to each match, oldest first as they were parked, at most {@link #MAX_BULK}; one refused (a
     * 4xx problem) is reported and the others go on, a 5xx (the broker or database away) stops the whole call.
     */
    private Outcome each(DeadLetterStore.Filter filter, LongConsumer one) {
        List<Long> ids = new ArrayList<>(store.find(filter, 0, MAX_BULK).stream().map(DeadLetter::id).toList());
        Collections.reverse(ids);
        List<Long> done = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (long id : ids) {
            try {
                one.accept(id);
                done.add(id);
            } catch (ProblemException e) {
                if (e.problem().getStatus() >= 500) {
                    throw e;
                }
                refused.add(new Refused(id, e.problem().getDetail()));
            }
        }
        return new Outcome(List.copyOf(done), List.copyOf(refused));
    }

    record Matched(long matched) {
    }

    /** A dead letter a bulk replay or discard left parked, and why. */
    record Refused(long id, String reason) {
    }

    record Bulk(int replayed, List<Long> ids, List<Refused> refused, long remaining) {
    }

    record BulkDiscarded(int discarded, List<Long> ids, List<Refused> refused, long remaining) {
    }

    /** {@code POST /ops/api/dead-letters/{id}/discard {reason}}. */
    public HttpReply discard(String id, byte[] body, Caller caller) {
        long deadLetterId = id(id);
        String reason = requests.bindExactly(bodies.object(body), DiscardBody.class, "A discard needs its reason")
                .reason();
        DeadLetter discarded = transactions.execute(tx -> {
            discardOne(deadLetterId, reason, caller.name());
            return store.find(deadLetterId).orElseThrow();
        });
        return replies.json(200, discarded);
    }

    private void discardOne(long id, String reason, String actor) {
        DeadLetter letter = store.lock(id).orElseThrow(() -> notFound(String.valueOf(id)));
        requireParked(letter);
        store.resolve(id, "discarded", "discarded", actor, reason);
        for (DeadLetterReplayer owner : replayers) {
            owner.discarded(letter.queue(), id, letter.headers(), reason, actor);
        }
    }

    /** {@code GET /ops/api/queues}: depth, consumers and rates of every hub queue. */
    public HttpReply queues() {
        BrokerRates.Answer moving = rates.current();
        List<QueueState> queues = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String queue : WorkQueues.ALL) {
            names.add(queue);
            for (int tier = 1; tier <= retry.delays().size(); tier++) {
                names.add(WorkQueues.retry(queue, tier));
            }
            names.add(WorkQueues.parked(queue));
        }
        names.add(WorkQueues.UNROUTED);
        names.add(WorkQueues.LAST_RESORT);
        for (String name : names) {
            QueueInformation info = rabbit.getQueueInfo(name);
            BrokerRates.Rates rate = moving.byQueue().get(name);
            queues.add(new QueueState(name, info == null ? null : (long) info.getMessageCount(),
                    info == null ? null : (long) info.getConsumerCount(), rate == null ? null : rate.inPerSecond(),
                    rate == null ? null : rate.outPerSecond()));
        }
        return replies.json(200, new Queues(queues, moving.unavailable()));
    }

    /**
     * One queue.
     *
     * @param messages ready to be consumed; null when the queue is missing
     * @param consumers consumers attached, over every instance
     * @param inPerSecond messages published to it per second, as the broker last sampled; null without rates
     * @param outPerSecond messages its consumers acknowledged per second; null without rates
     */
    record QueueState(String name, Long messages, Long consumers, Double inPerSecond, Double outPerSecond) {
    }

    /**
     * Every hub queue.
     *
     * @param ratesUnavailable null when the rates are the broker's, else why there are none (see
     *            {@code hub.messaging.management-url})
     */
    record Queues(List<QueueState> items, String ratesUnavailable) {
    }

    private DeadLetter replayOne(long id, String editedBody, String actor) {
        DeadLetter letter = store.lock(id).orElseThrow(() -> notFound(String.valueOf(id)));
        requireParked(letter);
        if (editedBody == null && letter.body() == null) {
            throw new ProblemException(Problems.of(409, "not-text", "Body is not text",
                    "Dead letter " + id + " has a body that is not UTF-8 text; replay it with an edited body"));
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        letter.headers().forEach((name, value) -> {
            // the broker's own dead-lettering record belongs to the old journey
            if (!name.startsWith("x-death") && !name.startsWith("x-first-death") && !name.startsWith("x-last-death")
                    && value != null) {
                headers.put(name, value);
            }
        });
        String body = editedBody != null ? editedBody : letter.body();
        // data only: never whose event it is; what changed is kept for the audit
        List<Map<String, String>> diff = editedBody == null
                ? null
                : ReplayEdit.changes(letter.body(), editedBody, json);
        for (DeadLetterReplayer replayer : replayers) {
            List<String> changed = diff == null ? List.of() : diff.stream().map(change -> change.get("path")).toList();
            if (replayer.replay(letter.queue(), headers, body, editedBody != null, changed, actor)) {
                store.resolve(id, "replayed", "replayed", actor, "by " + letter.queue() + "'s own replay"
                        + (editedBody != null ? ", with an edited body" : ""), diff);
                return store.find(id).orElseThrow();
            }
        }
        if (letter.originalExchange() == null || letter.originalRoutingKey() == null) {
            throw new ProblemException(Problems.of(409, "no-origin", "Origin unknown",
                    "Dead letter " + id + " does not say where it was published; it cannot be replayed"));
        }
        publisher.publish(new OutboundMessage(letter.originalExchange(), letter.originalRoutingKey(),
                letter.messageId(), letter.correlationId(),
                letter.contentType() == null ? "application/json" : letter.contentType(), headers, body));
        store.resolve(id, "replayed", "replayed", actor, "to " + letter.originalExchange() + " / "
                + letter.originalRoutingKey() + (editedBody != null ? ", with an edited body" : ""), diff);
        return store.find(id).orElseThrow();
    }

    private static void requireParked(DeadLetter letter) {
        if (!"parked".equals(letter.status())) {
            throw new ProblemException(Problems.of(409, "already-resolved", "Already " + letter.status(),
                    "Dead letter " + letter.id() + " was " + letter.status() + " before; see its history"));
        }
    }

    private DeadLetterStore.Filter filter(Map<String, Object> query, List<FieldError> errors) {
        String queue = QueryParams.text(query, "queue", 100, errors);
        queueProblem(queue).ifPresent(problem -> errors.add(new FieldError("queue", problem)));
        String reason = QueryParams.text(query, "reason", 200, errors);
        String status = QueryParams.text(query, "status");
        if (status != null && !STATUSES.contains(status)) {
            errors.add(FieldError.oneOf("status", STATUSES));
        }
        QueryParams.Period period = QueryParams.period(query, company.zone(), errors);
        return new DeadLetterStore.Filter(queue, reason, status, period.since(), period.until());
    }

    private static long id(String raw) {
        return ProblemException.numericId(raw, "dead letter");
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("dead letter", id);
    }
}
