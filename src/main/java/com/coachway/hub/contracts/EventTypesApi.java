package com.coachway.hub.contracts;

import java.util.List;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code GET /api/v1/event-types} and {@code GET /api/v1/event-types/{type}}: what upstream systems must send. */
@Component
class EventTypesApi {

    static final String SCHEMA_JSON = "application/schema+json";

    private final EventSchemas schemas;
    private final ProblemReplies replies;
    private final ObjectMapper json;

    EventTypesApi(EventSchemas schemas, ProblemReplies replies, ObjectMapper json) {
        this.schemas = schemas;
        this.replies = replies;
        this.json = json;
    }

    public HttpReply list() {
        List<EventType> items = schemas.types().stream()
                .map(type -> new EventType(type, List.copyOf(new TreeSet<>(topLevel(type))),
                        "/api/v1/event-types/" + type))
                .toList();
        return replies.json(200, new EventTypes(items));
    }

    public HttpReply get(String type) {
        JsonNode document = schemas.document(type)
                .orElseThrow(() -> ProblemException.notFound("event type schema", type));
        try {
            return new HttpReply(200, SCHEMA_JSON, json.writeValueAsString(document), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the schema of " + type, e);
        }
    }

    private List<String> topLevel(String type) {
        return schemas.requiredPaths(type).stream().filter(p -> !p.contains(".")).toList();
    }

    /** {@code GET /api/v1/event-types}. */
    record EventTypes(List<EventType> items) {
    }

    /**
     * @param type the event type
     * @param required the top-level fields of {@code data} it must carry
     * @param schema where its JSON Schema is served
     */
    record EventType(String type, List<String> required, String schema) {
    }
}
