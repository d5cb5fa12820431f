package com.coachway.hub.contracts;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.vocabulary.LanguageTags;
import com.coachway.hub.vocabulary.SendAt;
import com.coachway.hub.vocabulary.TimeZones;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The event data schemas of {@code hub.schemas.dir}: {@code <type>.json} per event type, shared parts under
 * {@code common/}. Read once at start; a file with a mistake (not JSON, not a valid 2020-12 schema, a {@code $ref}
 * that leads nowhere) stops start-up with the file named.
 */
@Component
class EventSchemas {

    /** The base of every schema's {@code $id}: a name, never fetched. */
    public static final String BASE = "https://schemas.coachway.example/events/";
    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    static final int MAX_ERRORS = 50;
    /** A schema may say in words what a keyword wants: {@code "errorMessage": {"pattern": "must be ..."}}. */
    static final String ERROR_MESSAGE = "errorMessage";

    private static final Logger log = LoggerFactory.getLogger(EventSchemas.class);

    /** {@code "format": "time-zone"}: a zone name Java knows, such as {@code America/New_York}. */
    static final Format TIME_ZONE = format("time-zone", TimeZones::known);

    /** {@code "format": "language-tag"}: a BCP 47 tag naming a language, as {@code POST /api/v1/notifications} takes. */
    static final Format LANGUAGE_TAG = format("language-tag", LanguageTags::valid);

    /** {@code "format": "currency"}: an ISO 4217 code Java knows, such as {@code USD}, which a message shows as sent. */
    static final Format CURRENCY = format("currency", EventSchemas::currency);

    /** {@code "format": "send-time"}: a {@code send_at} a caller may ask for, seen now ({@link SendAt}). */
    static final Format SEND_TIME = format("send-time", value -> SendAt.acceptable(value, Instant.now()));

    /**
     * {@code "format": "eta"}: a new time of arrival as a delay notice tells it, without its year ("19:00, Wednesday
     * 31 December"): within a day gone by (a notice held up on its way) and a month ahead. Further off it is a mistake
     * the message would pass on looking right, such as an unset time sent as 1970.
     */
    static final Format ETA = format("eta", value -> SendAt.parse(value).filter(at -> {
        Instant now = Instant.now();
        return !at.isBefore(now.minus(Duration.ofDays(1))) && !at.isAfter(now.plus(Duration.ofDays(31)));
    }).isPresent());

    /**
     * {@code "format": "upcoming-date"}: the day of something still to come, as a reminder announces it without its
     * year ("leaves Fri Jun 12"): from yesterday (the sender's day may be behind ours) to a year ahead. A reminder for
     * a trip gone by would only confuse the client. It sits beside {@code "format": "date"}, which judges the form.
     */
    static final Format UPCOMING_DATE = format("upcoming-date", EventSchemas::upcoming);

    private static boolean upcoming(String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return !date.isBefore(today.minusDays(1)) && !date.isAfter(today.plusDays(366));
        } catch (DateTimeParseException e) {
            return true; // not a date at all: the standard "date" format beside this one says so, once
        }
    }

    /**
     * {@code "format": "phone"}: a number the hub can send to, read as it reads every recipient's phone (any common
     * notation; without a country code, one of {@code hub.consent.default-region}). One it cannot read would only
     * end {@code blocked: no_address} after a {@code 202}.
     */
    static Format phone(Addresses addresses) {
        return format("phone", value -> addresses.phone(value).isPresent());
    }

    /**
     * {@code "format": "email"}, in place of the standard one: an address as the hub reads every recipient's email, so
     * {@code ana@example..com} is refused here rather than ending {@code blocked: no_address} after a {@code 202}.
     */
    static Format email(Addresses addresses) {
        return format("email", value -> addresses.email(value).isPresent());
    }

    private static Format format(String name, Predicate<String> test) {
        return new Format() {

            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean matches(ExecutionContext context, String value) {
                return test.test(value);
            }
        };
    }

    private static boolean currency(String code) {
        try {
            return Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private final Map<String, JsonSchema> schemas;
    private final Map<String, JsonNode> byIri;
    private final Map<String, JsonNode> documents;
    private final Map<String, Set<String>> requiredPaths;

    public EventSchemas(SchemaProperties properties, Addresses addresses, ObjectMapper json) {
        Path dir = properties.dir().toAbsolutePath().normalize();
        Map<String, JsonNode> byIri = read(dir, json);
        Map<String, String> hubWords = Map.of("phone", addresses.phoneExpected(), "email", Addresses.EMAIL_EXPECTED);
        byIri.values().forEach(document -> inHubWords(document, hubWords));
        // 2020-12 with formats of the hub's own: a recipient's "time-zone", "language-tag", "phone" and "email" (the
        // hub's reading of an address, not the standard's), a "currency", and the times a message shows: a "send-time",
        // an "eta" and an "upcoming-date"
        JsonMetaSchema withHubFormats = JsonMetaSchema.builder(JsonMetaSchema.getV202012()).format(TIME_ZONE)
                .format(LANGUAGE_TAG).format(CURRENCY).format(SEND_TIME).format(ETA).format(UPCOMING_DATE)
                .format(phone(addresses))
                .format(email(addresses)).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(withHubFormats).schemaLoaders(loaders -> loaders.schemas(iri -> {
                    JsonNode document = byIri.get(iri);
                    return document == null ? null : document.toString();
                })));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
                .errorMessageKeyword(ERROR_MESSAGE).build();
        JsonSchema meta = factory.getSchema(SchemaLocation.of(META_SCHEMA), config);
        Map<String, JsonSchema> loaded = new TreeMap<>();
        Map<String, JsonNode> typeDocuments = new TreeMap<>();
        Map<String, Set<String>> required = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : byIri.entrySet()) {
            String file = dir.resolve(entry.getKey().substring(BASE.length())).toString();
            Set<ValidationMessage> metaErrors = meta.validate(entry.getValue());
            if (!metaErrors.isEmpty()) {
                problems.add(file + ": not a valid JSON Schema 2020-12: " + messages(metaErrors));
                continue;
            }
            String relative = entry.getKey().substring(BASE.length());
            if (relative.contains("/")) {
                continue; // a shared part, reached through $ref
            }
            String type = relative.substring(0, relative.length() - ".json".length());
            try {
                JsonSchema schema = factory.getSchema(SchemaLocation.of(entry.getKey()), config);
                schema.initializeValidators(); // resolves every $ref now, not at the first event
                schema.validate(NullNode.getInstance()); // and walks them once
                loaded.put(type, schema);
                typeDocuments.put(type, entry.getValue());
                required.put(type, RequiredPaths.of(entry.getKey(), byIri));
            } catch (RuntimeException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Broken event schema file(s) in " + dir + ":\n  "
                    + String.join("\n  ", problems));
        }
        this.schemas = Collections.unmodifiableMap(loaded);
        this.byIri = Collections.unmodifiableMap(byIri);
        this.documents = Collections.unmodifiableMap(typeDocuments);
        this.requiredPaths = Collections.unmodifiableMap(required);
        log.info("Event data schemas from {}: {} type(s)", dir, loaded.size());
    }

    /**
     * A value that fails {@code "format": "phone"} or {@code "email"} is refused in the words every other API uses for
     * an address, which name the default region a file cannot know ("without a country code, one of US").
     */
    private static void inHubWords(JsonNode node, Map<String, String> words) {
        if (node instanceof ObjectNode object && words.containsKey(object.path("format").asText())
                && object.get(ERROR_MESSAGE) instanceof ObjectNode messages && messages.has("format")) {
            messages.put("format", words.get(object.path("format").asText()));
        }
        node.forEach(child -> inHubWords(child, words));
    }

    /** The types that have a schema, in name order. */
    public Set<String> types() {
        return schemas.keySet();
    }

    /**
     * The schema of a type as one self-contained document: the shared parts it references are embedded under
     * {@code $defs}, each with its own {@code $id}, so a client resolves every {@code $ref} without fetching.
     */
    public Optional<JsonNode> document(String type) {
        JsonNode document = type == null ? null : documents.get(type);
        if (document == null) {
            return Optional.empty();
        }
        Map<String, JsonNode> parts = new TreeMap<>();
        collectRefs(document, BASE + type + ".json", parts);
        ObjectNode bundle = document.deepCopy();
        if (!parts.isEmpty()) {
            ObjectNode defs = bundle.withObject("/$defs");
            parts.forEach((iri, part) -> defs.set(iri.substring(BASE.length()), part));
        }
        return Optional.of(bundle);
    }

    /** Every schema file, the shared parts included, by its {@code $id}. */
    Map<String, JsonNode> files() {
        return byIri;
    }

    private void collectRefs(JsonNode node, String base, Map<String, JsonNode> parts) {
        if (node.isObject() && node.get("$ref") != null && node.get("$ref").isTextual()) {
            String target = URI.create(base).resolve(node.get("$ref").textValue()).toString();
            JsonNode part = byIri.get(target);
            if (part != null && parts.putIfAbsent(target, part) == null) {
                collectRefs(part, target, parts);
            }
        }
        node.forEach(child -> collectRefs(child, base, parts));
    }

    /**
     * The data paths that exist whenever their parent does: {@code client} and {@code client.name} for
     * {@code charter.confirmed}, {@code legs[].charter_id} for the legs of a split. Empty for a type without a schema.
     */
    public Set<String> requiredPaths(String type) {
        return type == null ? Set.of() : requiredPaths.getOrDefault(type, Set.of());
    }

    /**
     * Every way {@code data} breaks its type's schema, each named by its JSON path under {@code data}; empty when it
     * fits, or when the type has no schema (such events are taken as they are).
     */
    public List<FieldError> validate(String type, JsonNode data) {
        JsonSchema schema = type == null ? null : schemas.get(type);
        if (schema == null) {
            return List.of();
        }
        Set<ValidationMessage> messages = schema.validate(data == null ? NullNode.getInstance() : data);
        Map<String, FieldError> errors = new TreeMap<>();
        Map<String, Set<String>> alternatives = new TreeMap<>();
        for (ValidationMessage message : messages) {
            String at = path(message.getInstanceLocation());
            if ("required".equals(message.getType()) && message.getEvaluationPath().toString().contains("anyOf")) {
                // "phone or email": one sentence for the object, not one "is required" per alternative
                alternatives.computeIfAbsent(at, k -> new TreeSet<>()).add(message.getProperty());
            } else if (!"anyOf".equals(message.getType())) {
                FieldError error = fieldError(at, message);
                errors.putIfAbsent(error.field() + "|" + error.message(), error);
            }
        }
        alternatives.forEach((at, names) -> errors.put(at + "|", new FieldError(at, "needs at least one of "
                + String.join(", ", names))));
        return errors.values().stream().limit(MAX_ERRORS).toList();
    }

    private static FieldError fieldError(String at, ValidationMessage message) {
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            return new FieldError(at + "." + message.getProperty(), "is required");
        }
        // the library's "must be at least 1 characters long"
        if ("minLength".equals(message.getType()) && message.getArguments() != null
                && message.getArguments().length > 0 && "1".equals(String.valueOf(message.getArguments()[0]))) {
            return new FieldError(at, "must not be empty");
        }
        String text = message.getMessage();
        // the library starts its text with the location: say it once, in the field
        int colon = text.indexOf(": ");
        if (colon >= 0 && !text.substring(0, colon).contains(" ")) {
            text = text.substring(colon + 2);
        }
        return new FieldError(at, text);
    }

    /** {@code data.client.name}, {@code data.recipients[2].email}: the path as a caller wrote the JSON. */
    private static String path(JsonNodePath location) {
        StringBuilder path = new StringBuilder("data");
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(element);
            }
        }
        return path.toString();
    }

    private static String messages(Set<ValidationMessage> messages) {
        return messages.stream().map(ValidationMessage::getMessage).limit(5).toList().toString();
    }

    /** Every {@code .json} file under {@code dir}, by the {@code $id} it must carry ({@link #BASE} + its path). */
    private static Map<String, JsonNode> read(Path dir, ObjectMapper json) {
        Map<String, JsonNode> byIri = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            log.warn("No event schema directory at {}: event data is taken as it is", dir);
            return byIri;
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                String iri = BASE + relative;
                try {
                    JsonNode document = json.readTree(file.toFile());
                    if (document == null || !document.isObject()) {
                        problems.add(file + ": must hold a JSON object");
                    } else if (!iri.equals(document.path("$id").asText(null))) {
                        problems.add(file + ": \"$id\" must be \"" + iri + "\"");
                    } else if (!META_SCHEMA.equals(document.path("$schema").asText(null))) {
                        problems.add(file + ": \"$schema\" must be \"" + META_SCHEMA + "\"");
                    } else {
                        byIri.put(iri, document);
                    }
                } catch (IOException e) {
                    problems.add(file + ": not JSON: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the event schema directory " + dir, e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Broken event schema file(s) in " + dir + ":\n  "
                    + String.join("\n  ", problems));
        }
        return byIri;
    }

    /** Walks a schema (following {@code $ref} between our own files) for the paths it requires. */
    static final class RequiredPaths {

        private final Map<String, JsonNode> byIri;
        private final Set<String> out = new HashSet<>();

        private RequiredPaths(Map<String, JsonNode> byIri) {
            this.byIri = byIri;
        }

        static Set<String> of(String iri, Map<String, JsonNode> byIri) {
            RequiredPaths walk = new RequiredPaths(byIri);
            walk.walk(byIri.get(iri), iri, "", 0);
            return Set.copyOf(walk.out);
        }

        private void walk(JsonNode schema, String base, String prefix, int depth) {
            if (schema == null || !schema.isObject() || depth > 20) {
                return;
            }
            JsonNode ref = schema.get("$ref");
            if (ref != null && ref.isTextual()) {
                String target = URI.create(base).resolve(ref.textValue()).toString();
                walk(byIri.get(target), target, prefix, depth + 1);
            }
            for (JsonNode part : schema.path("allOf")) {
                walk(part, base, prefix, depth + 1);
            }
            Set<String> names = new HashSet<>();
            schema.path("required").forEach(name -> names.add(name.asText()));
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                String path = prefix + property.getKey();
                if (names.contains(property.getKey())) {
                    out.add(path);
                }
                walk(property.getValue(), base, path + ".", depth + 1);
                JsonNode items = property.getValue().get("items");
                if (items != null) {
                    walk(items, base, path + "[].", depth + 1);
                }
            }
        }
    }
}
