package com.coachway.hub.apidocs;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.contracts.EventDataOpenApi;
import com.coachway.hub.ingress.StructuredEvent;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.outbound.NotificationStatusPushes;
import com.coachway.hub.routing.PushedTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.swagger.v3.core.util.Json;

/**
 * The AsyncAPI 3.0 description of the hub's event side: CloudEvents in on the {@code hub.ingress} exchange, and the
 * CloudEvents pushed to the charter, vendor and change systems (API.md §1 and §9). The pushed types come from the
 * routing table in force, the payloads from the same event-data schemas the OpenAPI description uses.
 */
@Component
class AsyncApiDocument {

    static final String VERSION = "3.0.0";
    static final String INGRESS_CHANNEL = "ingress";
    static final String BINARY_MESSAGE = "BinaryModeEvent";

    private final ObjectMapper json;
    private final EventDataOpenApi eventData;
    private final PushedTypes pushed;
    private final OpenApiDocument openApi;
    private final Once<ObjectNode> document = new Once<>(this::build);

    AsyncApiDocument(ObjectMapper json, EventDataOpenApi eventData, PushedTypes pushed, OpenApiDocument openApi) {
        this.json = json;
        this.eventData = eventData;
        this.pushed = pushed;
        this.openApi = openApi;
    }

    /** The document as a JSON tree, built at the first call. */
    ObjectNode document() {
        return document.get();
    }

    private ObjectNode build() {
        ObjectNode doc = json.createObjectNode();
        doc.put("asyncapi", VERSION);
        ObjectNode info = doc.putObject("info");
        JsonNode openApiInfo = openApi.document().path("info");
        info.put("title", openApiInfo.path("title").asText() + " — events");
        info.put("version", openApiInfo.path("version").asText());
        info.put("description", "CloudEvents the hub takes in on RabbitMQ, and the CloudEvents it pushes to the "
                + "charter, vendor and change systems. The HTTP API is described by /api/openapi.json.");
        info.set("license", openApiInfo.path("license").deepCopy());
        doc.put("defaultContentType", CloudEventsMedia.STRUCTURED);

        ObjectNode servers = doc.putObject("servers");
        servers.set("rabbitmq", server("{host}", "amqp", "The hub's RabbitMQ broker (spring.rabbitmq.*)",
                "localhost:5672").put("protocolVersion", "0-9-1"));
        Map<String, Set<String>> destinations = new TreeMap<>(pushed.byDestination(eventData.byType().keySet()));
        destinations.computeIfAbsent("change", d -> new TreeSet<>()).add(NotificationStatusPushes.STATUS_EVENT_TYPE);
        destinations.keySet().forEach(destination -> servers.set(destination, server("{host}", "https",
                "The " + destination + " system: hub.outbound." + destination + ".base-url", null)));

        ObjectNode schemas = json.createObjectNode();
        ApiModels models = new ApiModels(json);
        String envelope = models.ref(StructuredEvent.class).get$ref();
        String statusData = models.ref(NotificationStatusPushes.StatusData.class).get$ref();
        models.all().forEach((name, schema) -> schemas.set(name, Json.mapper().valueToTree(schema)));
        eventData.schemas().forEach(schemas::set);

        ObjectNode messages = json.createObjectNode();
        Set<String> ingressTypes = new TreeSet<>(eventData.byType().keySet());
        Set<String> every = new TreeSet<>(ingressTypes);
        destinations.values().forEach(every::addAll);
        for (String type : every) {
            String data = NotificationStatusPushes.STATUS_EVENT_TYPE.equals(type)
                    ? statusData
                    : eventData.byType().containsKey(type) ? EventDataOpenApi.ref(eventData.byType().get(type)) : null;
            messages.set(EventDataOpenApi.words(type), message(type, envelope, data));
        }
        messages.set("AnyEvent", message(null, envelope, null));
        messages.set(BINARY_MESSAGE, binaryMode());

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode ingress = channel(channels, INGRESS_CHANNEL, WorkQueues.INGRESS_EXCHANGE, "rabbitmq",
                "Publish a CloudEvent to the topic exchange " + WorkQueues.INGRESS_EXCHANGE + " with the event type "
                        + "as routing key, content type " + CloudEventsMedia.STRUCTURED
                        + ", and the publisher's key in the "
                        + "api_key header. It is treated exactly as POST /api/v1/events: the same validation, the "
                        + "same dedupe by source and id. Binary mode works too: attributes as cloudEvents_ (or "
                        + "cloudEvents:) headers, the body is the data. An invalid event is parked with a readable "
                        + "reason (GET /ops/api/dead-letters).");
        ingress.putObject("bindings").putObject("amqp").put("is", "routingKey").put("bindingVersion", "0.3.0")
                .putObject("exchange").put("name", WorkQueues.INGRESS_EXCHANGE).put("type", "topic")
                .put("durable", true).put("autoDelete", false).put("vhost", "/");
        ingressTypes.forEach(type -> addMessage(ingress, type));
        addMessage(ingress, null);
        ((ObjectNode) ingress.get("messages")).putObject(BINARY_MESSAGE).put("$ref", "#/components/messages/"
                + BINARY_MESSAGE);
        operation(operations, "publishEvent", "receive", INGRESS_CHANNEL, ingress,
                "The hub takes in a CloudEvent published to " + WorkQueues.INGRESS_EXCHANGE);

        destinations.forEach((destination, types) -> {
            String name = destination + "Push";
            ObjectNode channel = channel(channels, name, "/events", destination, "The hub POSTs each CloudEvent the "
                    + "routing table sends to the " + destination + " system to {base_url}/events, with "
                    + "Idempotency-Key: <event id> and the destination's auth header. 2xx or 409 is done; another "
                    + "4xx parks it; 5xx, a timeout or a refusal is retried, then parked (API.md §9).");
            types.forEach(type -> addMessage(channel, type));
            ObjectNode op = operation(operations, "pushTo" + EventDataOpenApi.words(destination), "send", name, channel,
                    "The hub pushes an event to the " + destination + " system");
            op.putObject("bindings").putObject("http").put("method", "POST").put("bindingVersion", "0.3.0");
        });

        ObjectNode components = doc.putObject("components");
        components.set("messages", messages);
        components.set("schemas", schemas);
        return doc;
    }

    private ObjectNode server(String host, String protocol, String description, String defaultHost) {
        ObjectNode server = json.createObjectNode().put("host", host).put("protocol", protocol)
                .put("description", description);
        ObjectNode variable = server.putObject("variables").putObject("host").put("description",
                "host and port");
        if (defaultHost != null) {
            variable.put("default", defaultHost);
        }
        return server;
    }

    private ObjectNode channel(ObjectNode channels, String name, String address, String server, String description) {
        ObjectNode channel = channels.putObject(name).put("address", address).put("description", description);
        channel.putArray("servers").addObject().put("$ref", "#/servers/" + server);
        channel.putObject("messages");
        return channel;
    }

    private static void addMessage(ObjectNode channel, String type) {
        String name = type == null ? "AnyEvent" : EventDataOpenApi.words(type);
        ((ObjectNode) channel.get("messages")).putObject(name).put("$ref", "#/components/messages/" + name);
    }

    private ObjectNode operation(ObjectNode operations, String id, String action, String channelName,
            ObjectNode channel, String summary) {
        ObjectNode operation = operations.putObject(id).put("action", action).put("summary", summary);
        operation.putObject("channel").put("$ref", "#/channels/" + channelName);
        ArrayNode refs = operation.putArray("messages");
        channel.get("messages").fieldNames().forEachRemaining(message -> refs.addObject().put("$ref",
                "#/channels/" + channelName + "/messages/" + message));
        return operation;
    }

    private ObjectNode message(String type, String envelope, String data) {
        ObjectNode message = json.createObjectNode();
        message.put("name", type == null ? "any event" : type);
        message.put("title", type == null ? "An event of a type without a schema" : type);
        message.put("contentType", CloudEventsMedia.STRUCTURED);
        message.put("summary", type == null
                ? "Any other type: its data is taken as it is, and only routed"
                : "A CloudEvent of type " + type);
        ObjectNode headers = message.putObject("headers").put("type", "object").putObject("properties");
        headers.putObject("api_key").put("type", "string").put("description",
                "On hub.ingress: the publisher's API key (never stored, parked or logged)");
        headers.putObject("Idempotency-Key").put("type", "string").put("description",
                "On a push: the event's id, the same on every retry");
        ObjectNode payload = message.putObject("payload");
        ArrayNode all = payload.putArray("allOf");
        all.addObject().put("$ref", envelope);
        if (type != null) {
            ObjectNode typed = all.addObject().put("type", "object");
            ObjectNode properties = typed.putObject("properties");
            properties.putObject("type").put("const", type);
            if (data != null) {
                properties.putObject("data").put("$ref", data);
            }
        }
        return message;
    }

    /** Binary content mode on AMQP (API.md §1): the attributes are headers, the body is the data. */
    private ObjectNode binaryMode() {
        ObjectNode message = json.createObjectNode().put("name", "binary mode")
                .put("title", "A CloudEvent in binary content mode").put("contentType", "application/json")
                .put("summary", "The attributes as cloudEvents_ (or cloudEvents:) headers, the body is the data");
        ObjectNode headers = message.putObject("headers").put("type", "object");
        ArrayNode required = headers.putArray("required");
        ObjectNode properties = headers.putObject("properties");
        for (String attribute : new String[]{"specversion", "id", "source", "type"}) {
            required.add("cloudEvents_" + attribute);
            properties.putObject("cloudEvents_" + attribute).put("type", "string");
        }
        properties.putObject("cloudEvents_time").put("type", "string").put("format", "date-time");
        properties.putObject("cloudEvents_subject").put("type", "string");
        required.add("api_key");
        properties.putObject("api_key").put("type", "string").put("description", "the publisher's API key");
        message.putObject("payload").put("$ref", EventDataOpenApi.ref(EventDataOpenApi.ANY));
        return message;
    }
}
