package com.coachway.hub.apidocs;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.stereotype.Component;

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.contracts.EventDataOpenApi;
import com.coachway.hub.security.Roles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;

/**
 * The OpenAPI description of the running hub, built once from its REST DSL, its records, its security configuration
 * and its event-data schemas.
 */
@Component
class OpenApiDocument {

    static final String EVENTS_OPERATION = "eventsPost";
    static final String JSON = "application/json";

    private final CamelContext camel;
    private final ObjectMapper json;
    private final EventDataOpenApi eventData;
    private final ObjectProvider<WebInvocationPrivilegeEvaluator> privileges;
    private final Once<ObjectNode> document = new Once<>(this::build);

    OpenApiDocument(CamelContext camel, ObjectMapper json, EventDataOpenApi eventData,
            ObjectProvider<WebInvocationPrivilegeEvaluator> privileges) {
        this.camel = camel;
        this.json = json;
        this.eventData = eventData;
        this.privileges = privileges;
    }

    /** The document as a JSON tree; built at the first call, once the routes and the security chain exist. */
    ObjectNode document() {
        return document.get();
    }

    private ObjectNode build() {
        Map<String, Object> properties = camel.getRestConfiguration().getApiProperties();
        OpenApiBuilder.Meta meta = new OpenApiBuilder.Meta(text(properties, "api.title"),
                text(properties, "api.version"), text(properties, "api.description"),
                text(properties, "api.license.name"), text(properties, "api.license.url"));
        OpenApiBuilder builder = new OpenApiBuilder(json, new SecurityAccess(privileges.getObject()));
        OpenAPI api = builder.build(meta, camel.getCamelContextExtension().getContextPlugin(Model.class)
                .getRestDefinitions(), new ApiModels(json), OpenApiDocument::cloudEvents);
        ObjectNode tree = Json.mapper().valueToTree(api);
        ObjectNode schemas = tree.withObject("/components/schemas");
        eventData.schemas().forEach(schemas::set);
        return tree;
    }

    /**
     * The events operation takes three media types (API.md §1): a structured CloudEvent, a batch of them, and binary
     * mode, where the body is the event's data and the attributes are ce-* headers.
     */
    private static void cloudEvents(String operationId, Operation operation) {
        if (!EVENTS_OPERATION.equals(operationId) || operation.getRequestBody() == null) {
            return;
        }
        MediaType structured = operation.getRequestBody().getContent().get(JSON);
        Object data = structured.getExample() instanceof Map<?, ?> event ? event.get("data") : null;
        operation.getRequestBody().setContent(new Content()
                .addMediaType(CloudEventsMedia.STRUCTURED, structured)
                .addMediaType(CloudEventsMedia.BATCH,
                        new MediaType().schema(new ArraySchema().items(structured.getSchema())))
                .addMediaType(JSON, new MediaType().schema(new Schema<>().$ref(EventDataOpenApi.ref(
                        EventDataOpenApi.ANY))).example(data)));
    }

    private static String text(Map<String, Object> properties, String key) {
        Object value = properties == null ? null : properties.get(key);
        return value == null ? null : value.toString();
    }

    /** Asks the security filter chain in force who may call what, with a sample value for each path parameter. */
    private record SecurityAccess(WebInvocationPrivilegeEvaluator evaluator) implements OpenApiBuilder.Access {

        private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("api-description",
                "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

        @Override
        public boolean isPublic(String method, String path) {
            return evaluator.isAllowed(null, sample(path), method, ANONYMOUS);
        }

        @Override
        public List<String> roles(String method, String path) {
            return Roles.ALL.stream().filter(role -> evaluator.isAllowed(null, sample(path), method,
                    UsernamePasswordAuthenticationToken.authenticated("api-description", null,
                            AuthorityUtils.createAuthorityList(Roles.authority(role)))))
                    .toList();
        }

        private static String sample(String path) {
            return path.replaceAll("\\{[^}]+}", "sample");
        }
    }
}
