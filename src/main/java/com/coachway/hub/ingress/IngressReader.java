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

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns what a publisher sent (HTTP body or AMQP message) into events to accept or reasons to reject them. Strict on
 * purpose: duplicate keys, trailing garbage, absurd nesting and NUL characters are refused up front.
 */
@Component
class IngressReader {

    static final MediaType CLOUDEVENTS = MediaType.parseMediaType(CloudEventsMedia.STRUCTURED);
    static final MediaType CLOUDEVENTS_BATCH = MediaType.parseMediaType(CloudEventsMedia.BATCH);
    static final int RAW_KEPT = 2048;

    private final JsonBodies bodies;
    private final IngressProperties limits;
    private final List<EventDataCheck> checks;

    /** @param checks every feature's check of event data, in their order: the first to find a problem answers */
    public IngressReader(JsonBodies bodies, IngressProperties limits, List<EventDataCheck> checks) {
        this.bodies = bodies;
        this.limits = limits;
        this.checks = List.copyOf(checks);
    }

    /**
     * Reads an HTTP request: structured mode or a batch from the body, or binary mode ({@code ce-*} headers, the
     * body is the data). Whole-request problems (415, malformed JSON, bad batch) are thrown as problems.
     */
    public IngressRequest readHttp(Map<String, Object> headers, byte[] body, Caller caller) {
        String contentType = BinaryMode.text(headers.get("Content-Type"));
        BinaryMode binary = structured(contentType) ? null : BinaryMode.http(headers);
        if (binary != null) {
            return new IngressRequest(false, List.of(binary(binary, contentType, false, body, caller)));
        }
        MediaType type = mediaType(contentType);
        boolean batch = CLOUDEVENTS_BATCH.equalsTypeAndSubtype(type);
        if (!batch && !CLOUDEVENTS.equalsTypeAndSubtype(type)
                && !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
            throw ProblemException.unsupportedMediaType("Content-Type must be " + CloudEventsMedia.STRUCTURED
                    + ", application/json or " + CloudEventsMedia.BATCH + ", not " + type);
        }
        checkCharset(type);
        JsonNode root = bodies.parse(body);
        if (!batch) {
            if (root.isArray()) {
                throw ProblemException.badRequest("A JSON array is a batch: send it as "
                        + CloudEventsMedia.BATCH, List.of(new FieldError("$", "must be a JSON object")));
            }
            IngressCandidate candidate = candidate(root, body.length, caller);
            // a cloudevents content type is structured mode whatever ce-* headers came along
            return new IngressRequest(false, List.of(CLOUDEVENTS.equalsTypeAndSubtype(type)
                    ? candidate
                    : explained(candidate, BinaryMode.missedHttp(headers))));
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
    public IngressCandidate readAmqp(Map<String, Object> headers, byte[] body, String contentType, Caller caller) {
        BinaryMode binary = structured(contentType) ? null : BinaryMode.amqp(headers);
        if (binary != null) {
            try {
                return binary(binary, contentType, true, body, caller);
            } catch (ProblemException e) {
                throw new PermanentFailure(e.problem().getDetail());
            }
        }
        if (contentType != null) {
            MediaType type;
            try {
                type = MediaType.parseMediaType(contentType);
            } catch (InvalidMediaTypeException e) {
                throw new PermanentFailure("unreadable content type '" + contentType + "'");
            }
            if (!CLOUDEVENTS.equalsTypeAndSubtype(type) && !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
                throw new PermanentFailure("content type must be " + CloudEventsMedia.STRUCTURED + ", not " + type);
            }
        }
        JsonNode root;
        try {
            root = bodies.parse(body);
        } catch (ProblemException e) {
            throw new PermanentFailure(e.problem().getDetail());
        }
        return explained(candidate(root, body.length, caller), BinaryMode.missedAmqp(headers));
    }

    // a rejected event whose headers show binary mode was meant says so first: its other problems follow from it
    private static IngressCandidate explained(IngressCandidate candidate, FieldError missedBinaryMode) {
        return missedBinaryMode == null || candidate.errors().isEmpty()
                ? candidate
                : candidate.withFirst(missedBinaryMode);
    }

    /**
     * A binary-mode event: the attributes from headers, the body is the data and must be JSON.
     *
     * @param untypedIsJson a body without a content type is read as JSON: AMQP publishers often leave content_type
     *            unset, and a structured AMQP message without one is read as JSON too; over HTTP it is a 415
     */
    private IngressCandidate binary(BinaryMode binary, String contentType, boolean untypedIsJson, byte[] body,
            Caller caller) {
        ObjectNode envelope = binary.envelope();
        if (body != null && body.length > 0) {
            MediaType type = untypedIsJson && (contentType == null || contentType.isBlank())
                    ? MediaType.APPLICATION_JSON
                    : mediaType(contentType);
            if (!isJson(type)) {
                throw ProblemException.unsupportedMediaType("In binary mode the body is the event's data and must "
                        + "be JSON (application/json or a +json type), not " + type);
            }
            checkCharset(type);
            envelope.put("datacontenttype", type.toString());
            envelope.set("data", bodies.parse(body));
        }
        IngressCandidate candidate = candidate(envelope, body == null ? 0 : body.length, caller, binary.problems());
        return binary.renamed(candidate);
    }

    // a cloudevents content type means structured mode, whatever attribute headers came along (the HTTP and AMQP
    // bindings both say so)
    private static boolean structured(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return CLOUDEVENTS.equalsTypeAndSubtype(type) || CLOUDEVENTS_BATCH.equalsTypeAndSubtype(type);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                || type.getSubtype() != null && type.getSubtype().endsWith("+json");
    }

    private IngressCandidate candidate(JsonNode node, long size, Caller caller) {
        return candidate(node, size, caller, List.of());
    }

    // known: problems found before the envelope was made (binary mode's headers), listed first
    private IngressCandidate candidate(JsonNode node, long size, Caller caller, List<FieldError> known) {
        String id = shorten(textOrNull(node, "id"), CloudEventValidator.MAX_ID_LENGTH);
        String source = shorten(textOrNull(node, "source"), CloudEventValidator.MAX_SOURCE_LENGTH);
        String type = shorten(textOrNull(node, "type"), CloudEventValidator.MAX_TYPE_LENGTH);
        String json = node.toString();
        List<FieldError> errors = new ArrayList<>(known);
        errors.addAll(CloudEventValidator.validate(node));
        long bytes = size >= 0 ? size : json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxEventSize().toBytes()) {
            errors.add(new FieldError("$", "event is larger than " + limits.maxEventSize().toKilobytes() + " KiB"));
        }
        if (containsNul(node)) {
            errors.add(new FieldError("$", "must not contain NUL characters"));
        }
        String raw = json.length() <= RAW_KEPT ? json : json.substring(0, RAW_KEPT);
        if (!errors.isEmpty()) {
            return IngressCandidate.forRejection(id, source, type, 400, errors, raw);
        }
        if (caller == null || caller.source() == null || !caller.source().equals(source)) {
            String allowed = caller == null || caller.source() == null ? "no source" : "'" + caller.source() + "'";
            return IngressCandidate.forRejection(id, source, type, 403, List.of(new FieldError("source",
                    "does not match the source of the API key (" + allowed + ")")), raw);
        }
        // a sound envelope from its own source: now what the data must hold to be deliverable (API.md §2a)
        List<FieldError> dataProblems = dataProblems(type, node.get("data"));
        if (!dataProblems.isEmpty() && node.has("data_base64")) {
            // the SDKs write data_base64 when datacontenttype is not JSON: "data is null" would not say why
            dataProblems = List.of(new FieldError("data_base64", "cannot be checked against the schema of " + type
                    + ": send the data as a JSON object in data, with datacontenttype application/json"));
        }
        errors.addAll(dataProblems);
        if (!errors.isEmpty()) {
            return IngressCandidate.forRejection(id, source, type, 400, errors, raw);
        }
        String time = textOrNull(node, "time");
        return IngressCandidate.forEvent(new IngressEvent(source, id, type,
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

    // the schema comes first: a feature's own check (a lead's, say) would only repeat what is missing or mistyped
    private List<FieldError> dataProblems(String type, JsonNode data) {
        for (EventDataCheck check : checks) {
            List<FieldError> problems = check.problems(type, data);
            if (!problems.isEmpty()) {
                return problems;
            }
        }
        return List.of();
    }
}
