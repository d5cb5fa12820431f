package com.coachway.hub.ingress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * CloudEvents binary content mode: the attributes travel as headers ({@code ce-id} over HTTP, {@code cloudEvents_id}
 * or {@code cloudEvents:id} over AMQP) and the body is the data. Turned into the structured envelope, so both modes
 * share one validation, one dedupe and one ledger.
 *
 * @param prefix the header prefix this event used, for naming problems the way the sender wrote them
 * @param envelope the attributes as a structured-mode event, without the data
 * @param problems what the headers got wrong that the envelope cannot show (an attribute given twice or as a table,
 *            bytes that are not UTF-8)
 */
record BinaryMode(String prefix, ObjectNode envelope, List<FieldError> problems) {

    static final String HTTP_PREFIX = "ce-";
    static final List<String> AMQP_PREFIXES = List.of("cloudEvents_", "cloudEvents:");
    // every binding's prefix (HTTP, Kafka, AMQP): a message that has one meant binary mode
    private static final List<String> ALL_PREFIXES = List.of(HTTP_PREFIX, "ce_", AMQP_PREFIXES.get(0),
            AMQP_PREFIXES.get(1));
    private static final List<String> REQUIRED = List.of("specversion", "id", "source", "type");
    // attributes that describe the body in binary mode: they come from Content-Type, not from a header
    private static final Set<String> NOT_FROM_HEADERS = Set.of("data", "data_base64", "datacontenttype");

    /** The binary-mode event of an HTTP request, or null when the request is in structured mode. */
    static BinaryMode http(Map<String, Object> headers) {
        return of(headers, List.of(HTTP_PREFIX), true);
    }

    /** The binary-mode event of an AMQP message, or null when the message is in structured mode. */
    static BinaryMode amqp(Map<String, Object> headers) {
        return of(headers, AMQP_PREFIXES, false);
    }

    private static BinaryMode of(Map<String, Object> headers, List<String> prefixes, boolean percentEncoded) {
        for (String prefix : prefixes) {
            if (!hasHeader(headers, prefix + "specversion")) {
                continue;
            }
            ObjectNode envelope = JsonNodeFactory.instance.objectNode();
            List<FieldError> problems = new ArrayList<>();
            headers.forEach((name, value) -> {
                if (name.length() > prefix.length() && name.regionMatches(true, 0, prefix, 0, prefix.length())
                        && value != null) {
                    String attribute = name.substring(prefix.length()).toLowerCase(Locale.ROOT);
                    if (!NOT_FROM_HEADERS.contains(attribute)) {
                        read(attribute, value, percentEncoded, envelope, problems);
                    }
                }
            });
            return new BinaryMode(prefix, envelope, List.copyOf(problems));
        }
        return null;
    }

    // one attribute's header into the envelope, and what is wrong with it into problems
    private static void read(String attribute, Object value, boolean percentEncoded, ObjectNode envelope,
            List<FieldError> problems) {
        // a header sent twice arrives as a list: joined, "[a, b]" would pass for an id
        List<?> values = value instanceof Collection<?> many ? new ArrayList<>(many) : List.of(value);
        if (values.isEmpty() || values.get(0) == null) {
            return;
        }
        String text = text(values.get(0));
        if (percentEncoded) {
            try {
                text = decode(text);
            } catch (CharacterCodingException e) {
                problems.add(new FieldError(attribute, "is not UTF-8: write a character beyond ASCII percent-encoded, "
                        + "as the CloudEvents HTTP binding does (é as %C3%A9)"));
            }
        }
        envelope.put(attribute, text);
        if (values.get(0) instanceof Map<?, ?>) {
            problems.add(new FieldError(attribute, "is a table; a CloudEvents attribute holds one value (a string, "
                    + "number, boolean or timestamp)"));
        }
        if (values.size() > 1) {
            problems.add(new FieldError(attribute, "is given " + values.size() + " values; a CloudEvents attribute "
                    + "has exactly one"));
        }
    }

    /** Why an HTTP request that failed as a structured event was likely meant as binary mode, or null. */
    static FieldError missedHttp(Map<String, Object> headers) {
        return missed(headers, List.of(HTTP_PREFIX), "over HTTP");
    }

    /** Why an AMQP message that failed as a structured event was likely meant as binary mode, or null. */
    static FieldError missedAmqp(Map<String, Object> headers) {
        return missed(headers, AMQP_PREFIXES, "on AMQP");
    }

    // attributes under this transport's prefix without a specversion, or a specversion under another's prefix
    private static FieldError missed(Map<String, Object> headers, List<String> own, String transport) {
        for (String prefix : own) {
            if (REQUIRED.stream().anyMatch(attribute -> hasHeader(headers, prefix + attribute))) {
                return new FieldError(prefix + "specversion", "is required: with " + prefix + "* headers the body is "
                        + "the event's data (binary mode), and " + prefix + "specversion says so");
            }
        }
        for (String prefix : ALL_PREFIXES) {
            String name = own.contains(prefix) ? null : headerNamed(headers, prefix + "specversion");
            if (name != null) {
                return new FieldError(name, "is not read: " + transport + ", binary mode takes its attributes as "
                        + String.join(" or ", own) + " headers (" + own.get(0) + "specversion, " + own.get(0)
                        + "id, ...)");
            }
        }
        return null;
    }

    /** The candidate with its attribute problems named by the headers they came in ({@code ce-id}). */
    IngressCandidate renamed(IngressCandidate candidate) {
        if (candidate.errors().isEmpty()) {
            return candidate;
        }
        List<FieldError> errors = candidate.errors().stream()
                .map(e -> e.field().startsWith("data") || e.field().startsWith("$")
                        ? e
                        : new FieldError(prefix + e.field(), e.message()))
                .toList();
        return new IngressCandidate(candidate.event(), candidate.id(), candidate.source(), candidate.type(),
                candidate.status(), errors, candidate.raw());
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString(); // the AMQP binding lets time travel as a timestamp, not a string
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    private static boolean hasHeader(Map<String, Object> headers, String name) {
        return headerNamed(headers, name) != null;
    }

    // the header's name as the sender wrote it
    private static String headerNamed(Map<String, Object> headers, String name) {
        return headers.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(null);
    }

    /**
     * A header value as the HTTP binding writes it: what is not printable ASCII percent-encoded as UTF-8, '+' staying
     * '+'. Raw UTF-8 (what curl sends for "é") is read as UTF-8 too: the server hands header bytes over one
     * ISO-8859-1 character each, which would otherwise keep "Ã©" as the id. A '%' not followed by two hex digits stays.
     *
     * @throws CharacterCodingException when the bytes, decoded or raw, are not UTF-8
     */
    static String decode(String value) throws CharacterCodingException {
        if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '%')) {
            return value;
        }
        if (value.chars().anyMatch(c -> c > 0xff)) {
            return value; // not bytes the server read: nothing to decode
        }
        byte[] raw = value.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && HexFormat.isHexDigit(raw[i + 1])
                    && HexFormat.isHexDigit(raw[i + 2])) {
                bytes.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    }
}
