package com.coachway.hub.consent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.security.Caller;
import com.coachway.hub.vocabulary.Channel;
import com.fasterxml.jackson.databind.JsonNode;

/** The consent API of API.md §6: record opt-outs and opt-ins, read an address's state and its history. */
@Component
class ConsentApi {

    static final List<String> CHANNELS = Channel.NAMES;
    static final int MAX_REASON = 500;
    static final int MAX_ADDRESS = 320;

    private final ConsentStore store;
    private final Addresses addresses;
    private final JsonBodies bodies;
    private final ProblemReplies replies;

    public ConsentApi(ConsentStore store, Addresses addresses, JsonBodies bodies, ProblemReplies replies) {
        this.store = store;
        this.addresses = addresses;
        this.bodies = bodies;
        this.replies = replies;
    }

    /** {@code POST /api/v1/consent/{channel}/opt-out {address, reason, category?}}. */
    public HttpReply optOut(String channel, byte[] body, Caller caller) {
        checkChannel(channel);
        JsonNode json = bodies.object(body);
        List<FieldError> errors = new ArrayList<>();
        // "categroy": "marketing" ignored would stop every category, transactional ones too
        RequestBodies.unknownFields(json, OptOutBody.class, "", errors);
        String address = address(channel, text(json, "address", MAX_ADDRESS, errors), errors);
        String reason = text(json, "reason", MAX_REASON, errors);
        String category = category(json, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The opt-out is not valid; every problem is listed", errors);
        }
        store.optOut(ConsentChange.optOut(channel, address, category, reason, "api", caller.name()));
        return replies.json(200, state(channel, address));
    }

    /** {@code POST /api/v1/consent/{channel}/opt-in {address, category?}}. */
    public HttpReply optIn(String channel, byte[] body, Caller caller) {
        checkChannel(channel);
        JsonNode json = bodies.object(body);
        List<FieldError> errors = new ArrayList<>();
        RequestBodies.unknownFields(json, OptInBody.class, "", errors);
        String address = address(channel, text(json, "address", MAX_ADDRESS, errors), errors);
        String category = category(json, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The opt-in is not valid; every problem is listed", errors);
        }
        store.optIn(channel, address, category, true, "api", caller.name());
        return replies.json(200, state(channel, address));
    }

    /** {@code GET /api/v1/consent/{channel}/{address}}. */
    public HttpReply get(String channel, String rawAddress) {
        checkChannel(channel);
        return replies.json(200, state(channel, pathAddress(channel, rawAddress)));
    }

    /** {@code GET /api/v1/consent/{channel}/{address}/history}. */
    public HttpReply history(String channel, String rawAddress) {
        checkChannel(channel);
        String address = pathAddress(channel, rawAddress);
        return replies.json(200, new History(channel, address, store.history(channel, address)));
    }

    record History(String channel, String address, List<ConsentStore.HistoryEntry> history) {
    }

    /**
     * {@code POST /api/v1/consent/{channel}/opt-out}; {@link #optOut} reads it field by field to name each problem.
     *
     * @param address a phone number (any common notation) or an email address
     * @param reason why, in words
     * @param category the one category to stop; none stops every category
     */
    record OptOutBody(@NotBlank @Size(max = MAX_ADDRESS) String address, @Size(max = MAX_REASON) String reason,
            String category) {
    }

    /** {@code POST /api/v1/consent/{channel}/opt-in}: {@code address}, and the one {@code category} or none. */
    record OptInBody(@NotBlank @Size(max = MAX_ADDRESS) String address, String category) {
    }

    /**
     * An address's consent on a channel, as API.md §6 shows it.
     *
     * @param channel the channel
     * @param address the normalised address
     * @param optedOut whether any category is blocked
     * @param optedOutAt since when (the latest entry)
     * @param reason the latest entry's reason
     * @param source the latest entry's source
     * @param categories every category that is blocked
     * @param suppressed whether the address is suppressed (gone), not just opted out
     */
    record State(String channel, String address, boolean optedOut, Instant optedOutAt, String reason, String source,
            List<String> categories, boolean suppressed) {
    }

    State state(String channel, String address) {
        List<Suppression> entries = store.entries(channel, address);
        Set<String> categories = new LinkedHashSet<>();
        for (Suppression entry : entries) {
            if (entry.category() == null) {
                categories.addAll(ConsentStore.CATEGORIES);
            } else {
                categories.add(entry.category());
            }
        }
        Optional<Suppression> latest = entries.stream().findFirst();
        List<String> ordered = ConsentStore.CATEGORIES.stream().filter(categories::contains).toList();
        return new State(channel, address, !entries.isEmpty(), latest.map(Suppression::createdAt).orElse(null),
                latest.map(Suppression::reason).orElse(null), latest.map(Suppression::source).orElse(null), ordered,
                entries.stream().anyMatch(e -> Suppression.SUPPRESSED.equals(e.kind())));
    }

    private String pathAddress(String channel, String raw) {
        List<FieldError> errors = new ArrayList<>();
        String decoded;
        try {
            // the path arrives still %-encoded; '+' in a path is a plus (E.164), not a space
            decoded = raw == null ? null : UriUtils.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("The address cannot be normalised",
                    List.of(new FieldError("address", "has a broken %-escape")));
        }
        String address = address(channel, decoded, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The address cannot be normalised", errors);
        }
        return address;
    }

    private String address(String channel, String raw, List<FieldError> errors) {
        if (raw == null) {
            errors.add(new FieldError("address", "is required"));
            return null;
        }
        Optional<String> normalised = "email".equals(channel) ? addresses.email(raw) : addresses.phone(raw);
        if (normalised.isEmpty()) {
            errors.add(new FieldError("address", "'" + shown(raw) + "' " + addresses.expected(channel)));
            return null;
        }
        return normalised.get();
    }

    private static String category(JsonNode json, List<FieldError> errors) {
        JsonNode value = json.get("category");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !ConsentStore.CATEGORIES.contains(value.textValue())) {
            errors.add(FieldError.oneOf("category", ConsentStore.CATEGORIES));
            return null;
        }
        return value.textValue();
    }

    private static String text(JsonNode json, String field, int max, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        if (value.textValue().length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return value.textValue().replace("\0", "");
    }

    private static void checkChannel(String channel) {
        if (channel == null || !CHANNELS.contains(channel)) {
            throw ProblemException.badRequest("Unknown channel",
                    List.of(FieldError.oneOf("channel", CHANNELS)));
        }
    }

    // addresses come from the caller: never echo an unbounded or binary one back
    private static String shown(String raw) {
        String printable = raw.codePoints().limit(64).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return raw.length() > 64 ? printable + "…" : printable;
    }
}
