package com.coachway.hub.contracts;

import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The event-data schemas of API.md §2a in the dialect of OpenAPI 3.0 and AsyncAPI component schemas: one named
 * schema per event type ({@code charter.confirmed} is {@code CharterConfirmedData}) and per shared part
 * ({@code common/trip.json} is {@code EventTrip}), their {@code $ref}s pointing at each other by name, and
 * {@code EventData}, any of the types. A keyword with no 3.0 equivalent stops the hub at start, so the descriptions
 * never say less than the check at intake.
 */
@Component
public class EventDataOpenApi {

    /** The schema that is any one of the typed data schemas. */
    public static final String ANY = "EventData";

    private static final Set<String> KEPT = Set.of("type", "title", "description", "required", "properties", "items",
            "anyOf", "oneOf", "allOf", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
            "pattern", "format", "enum", "default", "additionalProperties");
    private static final Set<String> DROPPED = Set.of("$schema", "$id");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, JsonNode> schemas = new TreeMap<>();
    private final Map<String, String> byType = new TreeMap<>();

    EventDataOpenApi(EventSchemas source) {
        ArrayNode any = NODES.arrayNode();
        source.files().forEach((iri, document) -> {
            String relative = iri.substring(EventSchemas.BASE.length());
            String name = name(relative);
            schemas.put(name, translate(document, iri, relative));
            if (!relative.contains("/")) {
                String type = relative.substring(0, relative.length() - ".json".length());
                byType.put(type, name);
                any.addObject().put("$ref", ref(name));
            }
        });
        schemas.put(ANY, NODES.objectNode()
                .put("description", "The data of an event: the schema of its type (GET /api/v1/event-types/{type}). "
                        + "A type without a schema takes any JSON object.")
                .set("anyOf", any));
    }

    /** Every schema by its component name. */
    public Map<String, JsonNode> schemas() {
        return schemas;
    }

    /** The component name of each event type that has a schema, by type. */
    public Map<String, String> byType() {
        return byType;
    }

    /** {@code #/components/schemas/<name>}. */
    public static String ref(String name) {
        return "#/components/schemas/" + name;
    }

    /** {@code charter.quote.sent.json} → {@code CharterQuoteSentData}; {@code common/trip.json} → {@code EventTrip}. */
    static String name(String relative) {
        String file = relative.substring(relative.lastIndexOf('/') + 1, relative.length() - ".json".length());
        return relative.contains("/") ? "Event" + words(file) : words(file) + "Data";
    }

    /** {@code charter.quote.sent} → {@code CharterQuoteSent}: an event type (or file name) as a type name. */
    public static String words(String dotted) {
        StringBuilder name = new StringBuilder();
        for (String word : dotted.split("[._-]")) {
            if (!word.isEmpty()) {
                name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return name.toString();
    }

    private JsonNode translate(JsonNode node, String base, String file) {
        if (node.isArray()) {
            ArrayNode array = NODES.arrayNode();
            node.forEach(item -> array.add(item.isObject() ? translate(item, base, file) : item));
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (DROPPED.contains(key)) {
                continue;
            }
            switch (key) {
                case "$ref" -> out.put("$ref", ref(name(URI.create(base).resolve(value.textValue()).toString()
                        .substring(EventSchemas.BASE.length()))));
                case EventSchemas.ERROR_MESSAGE -> out.set("x-error-message", value);
                case "type" -> type(value, out);
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), translate(p.getValue(), base,
                            file)));
                }
                default -> {
                    if (!KEPT.contains(key)) {
                        throw new IllegalStateException("config/schemas/" + file + ": the keyword '" + key
                                + "' has no OpenAPI 3.0 equivalent; the API description cannot show it");
                    }
                    out.set(key, value.isObject() || value.isArray() ? translate(value, base, file) : value);
                }
            }
        }
        if (out.has("$ref") && out.size() > 1) {
            // in OpenAPI 3.0 whatever sits beside a $ref is ignored
            ObjectNode wrapped = out.deepCopy();
            wrapped.remove("$ref");
            wrapped.putArray("allOf").addObject().put("$ref", out.get("$ref").textValue());
            return wrapped;
        }
        return out;
    }

    /** {@code "type": ["integer", "string"]} is 2020-12 only: any of the types, or nullable for {@code "null"}. */
    private static void type(JsonNode value, ObjectNode out) {
        if (!value.isArray()) {
            out.set("type", value);
            return;
        }
        ArrayNode types = NODES.arrayNode();
        value.forEach(t -> {
            if ("null".equals(t.textValue())) {
                out.put("nullable", true);
            } else {
                types.add(t);
            }
        });
        if (types.size() == 1) {
            out.set("type", types.get(0));
        } else {
            ArrayNode any = out.putArray("anyOf");
            types.forEach(t -> any.addObject().set("type", t));
        }
    }
}
