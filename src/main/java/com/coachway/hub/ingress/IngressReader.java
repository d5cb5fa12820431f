package com.coachway.hub.ingress;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns what a publisher sent (HTTP body or AMQP message) into events to accept or reasons to reject them. Strict on
 * purpose: duplicate keys, trailing garbage, absurd nesting and NUL characters are refused up front.
 */
@Component
public class IngressReader {

    static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");
    static final MediaType CLOUDEVENTS_BATCH = MediaType.parseMediaType("application/cloudevents-batch+json");
    static final int RAW_KEPT = 2048;

    private final JsonBodies bodies;
    private final IngressProperties limits;

    public IngressReader(JsonBodies bodies, IngressProperties limits) {
        this.bodies = bodies;
        this.limits = limits;
    }

    /** Reads an HTTP request body; whole-request problems (415, malformed JSON, bad batch) are thrown as problems. */
    public IngressRequest readHttp(String contentType, byte[] body, Caller caller) {
        MediaType type = mediaType(contentType);
        boolean batch = CLOUDEVENTS_BATCH.equalsTypeAndSubtype(type);
        if (!batch && !CLOUDEVENTS.equalsTypeAndSubtype(type)
                && !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
            throw ProblemException.unsupportedMediaType("Content-Type must be application/cloudevents+json, "
                    + "application/json or application/cloudevents-batch+json, not " + type);
        }
        checkCharset(type);
        JsonNode root = bodies.parse(body);
        if (!batch) {
            if (root.isArray()) {
                throw ProblemException.badRequest("A JSON array is a batch: send it as "
                        + "application/cloudevents-batch+json", List.of(new FieldError("$", "must be a JSON object")));
            }
            return new IngressRequest(false, List.of(candidate(root, body.length, caller)));
        }
        if (!root.isArray()) {
            throw ProblemException.badRequest("A batch must be a JSON array of CloudEvents",
                    List.of(new FieldError("$", "must be a JSON array")));
        }
        if (root.isEmpty()) {
            throw ProblemException.badRequest("The batch is empty", List.of(new FieldError("$", "must not be empty")));
        }
        if (root.size() > limits.maxBatchEvents()) {
            throw ProblemException.payloadTooLarge(
                    "A batch holds at most " + limits.maxBatchEvents() + " events, this one has " + root.size());
        }
        List<IngressCandidate> candidates = new ArrayList<>(root.size());
        for (JsonNode event : root) {
            candidates.add(candidate(event, -1, caller));
        }
        return new IngressRequest(true, candidates);
    }

    /**
     * Reads one message from {@code hub.ingress}. A message that is not an event at all is a {@link PermanentFailure}
     * (parked); a readable but invalid event comes back rejected so the ledger can record it before it is parked.
     */
    public IngressCandidate readAmqp(String contentType, byte[] body, Caller caller) {
        if (contentType != null) {
            MediaType type;
            try {
                type = MediaType.parseMediaType(contentType);
            } catch (InvalidMediaTypeException e) {
                throw new PermanentFailure("unreadable content type '" + contentType + "'");
            }
            if (!CLOUDEVENTS.equalsTypeAndSubtype(type) && !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
                throw new PermanentFailure("content type must be application/cloudevents+json, not " + type);
            }
        }
        JsonNode root;
        try {
            root = bodies.parse(body);
        } catch (ProblemException e) {
            throw new PermanentFailure(e.problem().detail());
        }
        return candidate(root, body.length, caller);
    }

    private IngressCandidate candidate(JsonNode node, long size, Caller caller) {
        String id = shorten(textOrNull(node, "id"), CloudEventValidator.MAX_ID_LENGTH);
        String source = shorten(textOrNull(node, "source"), CloudEventValidator.MAX_SOURCE_LENGTH);
        String json = node.toString();
        List<FieldError> errors = new ArrayList<>(CloudEventValidator.validate(node));
        long bytes = size >= 0 ? size : json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxEventSize().toBytes()) {
            errors.add(new FieldError("$", "event is larger than " + limits.maxEventSize().toKilobytes() + " KiB"));
        }
        if (containsNul(node)) {
            errors.add(new FieldError("$", "must not contain NUL characters"));
        }
        String raw = json.length() <= RAW_KEPT ? json : json.substring(0, RAW_KEPT);
        if (!errors.isEmpty()) {
            return IngressCandidate.forRejection(id, source, 400, errors, raw);
        }
        if (caller == null || caller.source() == null || !caller.source().equals(source)) {
            String allowed = caller == null || caller.source() == null ? "no source" : "'" + caller.source() + "'";
            return IngressCandidate.forRejection(id, source, 403, List.of(new FieldError("source",
                    "does not match the source of the API key (" + allowed + ")")), raw);
        }
        String time = textOrNull(node, "time");
        return IngressCandidate.forEvent(new IngressEvent(source, id, node.get("type").textValue(),
                textOrNull(node, "subject"), time == null ? null : OffsetDateTime.parse(time), json));
    }

    private static MediaType mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ProblemException.unsupportedMediaType("Content-Type is missing");
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw ProblemException.unsupportedMediaType("Content-Type '" + contentType + "' cannot be read");
        }
    }

    private static void checkCharset(MediaType type) {
        String charset = type.getParameter("charset");
        if (charset != null && !"utf-8".equals(charset.toLowerCase(Locale.ROOT).replace("\"", ""))) {
            throw ProblemException.unsupportedMediaType("Only UTF-8 is accepted, not charset=" + charset);
        }
    }

    private static String shorten(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.isObject() ? node.get(field) : null;
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    // PostgreSQL cannot store U+0000 in text or jsonb, and no legitimate event needs it.
    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().indexOf('\0') >= 0 || containsNul(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
