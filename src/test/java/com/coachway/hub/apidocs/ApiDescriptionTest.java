package com.coachway.hub.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The API descriptions as an integrator reads them: the served documents are the committed snapshots (which the
 * client is generated from and the build lints), valid, typed and secured. Run with {@code -Dapi.snapshots.update=true}
 * to write what the hub serves over the snapshots after a deliberate change.
 */
class ApiDescriptionTest extends HubIntegrationTest {

    static final Path OPENAPI_SNAPSHOT = Path.of("src/main/resources/openapi/openapi.json");
    static final Path ASYNCAPI_SNAPSHOT = Path.of("src/main/resources/asyncapi/asyncapi.json");
    private static final Set<String> JSON_TYPES = Set.of("application/json", "application/problem+json",
            "application/cloudevents+json", "application/cloudevents-batch+json");

    @Test
    void theServedDocumentsAreTheCommittedSnapshots() throws IOException {
        String openApi = served("/api/openapi.json", "application/json");
        String asyncApi = served("/api/asyncapi.json", "application/json");
        if (Boolean.getBoolean("api.snapshots.update")) {
            Files.writeString(OPENAPI_SNAPSHOT, openApi);
            Files.writeString(ASYNCAPI_SNAPSHOT, asyncApi);
        }
        assertThat(openApi).as("GET /api/openapi.json differs from %s: after a deliberate API change, run this test "
                + "with -Dapi.snapshots.update=true and commit the snapshot", OPENAPI_SNAPSHOT)
                .isEqualTo(Files.readString(OPENAPI_SNAPSHOT, StandardCharsets.UTF_8));
        assertThat(asyncApi).as("GET /api/asyncapi.json differs from %s (see above)", ASYNCAPI_SNAPSHOT)
                .isEqualTo(Files.readString(ASYNCAPI_SNAPSHOT, StandardCharsets.UTF_8));
        // the YAML form is the same document
        JsonNode yaml = new YAMLMapper().readTree(served("/api/openapi.yaml", "application/yaml"));
        assertThat(yaml).isEqualTo(JSON.readTree(openApi));
    }

    @Test
    void swaggerParserReadsTheOpenApiDocumentWithoutAMessage() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(served("/api/openapi.json", "application/json"),
                null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
        assertThat(result.getOpenAPI().getInfo().getLicense().getName()).isNotBlank();
    }

    @Test
    void everyJsonBodyIsANamedSchemaAndEveryProblemIsProblemJson() {
        JsonNode api = json(served("/api/openapi.json", "application/json"));
        JsonNode schemas = api.at("/components/schemas");
        List<String> untyped = new ArrayList<>();
        int bodies = 0;
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                List<JsonNode> contents = new ArrayList<>();
                contents.add(operation.getValue().at("/requestBody/content"));
                operation.getValue().get("responses").properties().forEach(response -> {
                    JsonNode content = response.getValue().path("content");
                    contents.add(content);
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        assertThat(content.fieldNames()).toIterable().as(where + " " + response.getKey())
                                .containsExactly("application/problem+json");
                    }
                });
                for (JsonNode content : contents) {
                    for (Map.Entry<String, JsonNode> media : content.properties()) {
                        if (!JSON_TYPES.contains(media.getKey()) || where.endsWith("/api/openapi.json")
                                || where.endsWith("/api/asyncapi.json")) {
                            continue;
                        }
                        bodies++;
                        JsonNode schema = media.getValue().get("schema");
                        String ref = schema.has("items")
                                ? schema.at("/items/$ref").asText()
                                : schema.path("$ref")
                                        .asText();
                        String name = ref.substring(ref.lastIndexOf('/') + 1);
                        if (ref.isEmpty() || !schemas.has(name)) {
                            untyped.add(where + " " + media.getKey());
                        }
                    }
                }
            }
        }
        assertThat(untyped).as("JSON bodies without a schema in components.schemas").isEmpty();
        // the sign-in throttle answers wherever credentials are asked for, and nowhere else
        assertThat(api.at("/paths/~1api~1v1~1notifications/get/responses").has("429")).isTrue();
        assertThat(api.at("/paths/~1api~1openapi.json/get/responses").has("429")).isFalse();
        assertThat(bodies).isGreaterThan(80);
        assertThat(schemas.at("/Problem/properties/errors/items/$ref").asText()).endsWith("/FieldError");
        assertThat(schemas.at("/LeadBody/properties").fieldNames()).toIterable().contains("first_name",
                "estimated_trip_date", "pickup_location");
        assertThat(schemas.at("/LeadBody/required")).extracting(JsonNode::asText).contains("first_name", "source");
        assertThat(schemas.at("/NotificationBody/properties/category/enum")).extracting(JsonNode::asText)
                .containsExactly("marketing", "reminders", "transactional");
    }

    @Test
    void eachOperationSaysWhoMayCallItAsTheSecurityConfigurationDecides() {
        JsonNode api = json(served("/api/openapi.json", "application/json"));

        assertThat(api.at("/components/securitySchemes").fieldNames()).toIterable()
                .containsExactlyInAnyOrder(OpenApiBuilder.BEARER, OpenApiBuilder.API_KEY, OpenApiBuilder.BASIC);
        assertThat(api.at("/components/securitySchemes/apiKeyHeader/name").asText()).isEqualTo("X-Api-Key");
        JsonNode events = api.at("/paths/~1api~1v1~1events/post");
        assertThat(events.get("x-roles")).extracting(JsonNode::asText).containsExactly("publisher");
        assertThat(events.get("security")).hasSize(3);
        assertThat(api.at("/paths/~1api~1v1~1templates/post/x-roles")).extracting(JsonNode::asText)
                .containsExactly("admin");
        assertThat(api.at("/paths/~1ops~1api~1dead-letters/get/x-roles")).extracting(JsonNode::asText)
                .containsExactly("ops", "admin", "analyst");
        // a provider or a recipient has no key: the signature or the token in the URL is checked instead
        JsonNode twilio = api.at("/paths/~1webhooks~1twilio~1status/post");
        assertThat(twilio.get("security")).isEmpty();
        assertThat(twilio.get("parameters")).anySatisfy(p -> assertThat(p.get("name").asText())
                .isEqualTo("X-Twilio-Signature"));
        assertThat(api.at("/paths/~1t~1c~1{token}/get/security")).isEmpty();
    }

    @Test
    void everyEventTypeWithASchemaIsDescribedAndReachableFromTheEventsOperation() {
        JsonNode api = json(served("/api/openapi.json", "application/json"));
        JsonNode types = json(get("/api/v1/event-types", "Authorization", "Bearer " + CHARTER_KEY).body());

        Set<String> referenced = new TreeSet<>();
        api.at("/components/schemas/EventData/anyOf").forEach(ref -> referenced.add(ref.get("$ref").asText()));
        assertThat(types.get("items")).isNotEmpty().allSatisfy(type -> {
            String name = type.get("type").asText();
            assertThat(referenced).as(name).anyMatch(ref -> ref.endsWith("/" + schemaName(name)));
        });
        assertThat(api.at("/paths/~1api~1v1~1events/post/requestBody/content/application~1json/schema/$ref")
                .asText()).endsWith("/EventData");
        // 2020-12's ["integer", "string"] becomes 3.0's anyOf; the shared parts are named schemas
        JsonNode charterId = api.at("/components/schemas/CharterConfirmedData/properties/charter_id");
        assertThat(charterId.get("anyOf")).hasSize(2);
        assertThat(api.at("/components/schemas/CharterConfirmedData/properties/client/$ref").asText())
                .endsWith("/EventRecipient");
        assertThat(api.at("/paths/~1api~1v1~1events/post/requestBody/content/application~1cloudevents+json/example"
                + "/data/client/name").asText()).isEqualTo("Ana Ruiz");
    }

    @Test
    void theAsyncApiDocumentNamesTheIngressExchangeAndEveryPushedType() {
        JsonNode async = json(served("/api/asyncapi.json", "application/json"));

        assertThat(async.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(async.at("/channels/ingress/address").asText()).isEqualTo("hub.ingress");
        assertThat(async.at("/channels/ingress/bindings/amqp/exchange/type").asText()).isEqualTo("topic");
        assertThat(async.at("/channels/ingress/messages").fieldNames()).toIterable().contains("CharterConfirmed",
                "TripReminder", "AnyEvent", "BinaryModeEvent");
        assertThat(async.at("/components/messages/BinaryModeEvent/headers/required")).extracting(JsonNode::asText)
                .contains("cloudEvents_type", "api_key");
        assertThat(async.at("/channels/charterPush/messages").fieldNames()).toIterable().contains("LeadConverted",
                "DispatchRecoveryEscalated");
        assertThat(async.at("/channels/vendorPush/messages").fieldNames()).toIterable().contains("CharterConfirmed",
                "CharterSplit", "VendorBidRequested", "VendorBidAccepted", "VendorBidRejected");
        // change.case.* is expanded to every change type with a schema, and the hub's own notification.status
        assertThat(async.at("/channels/changePush/messages").fieldNames()).toIterable().contains(
                "ChangeCaseCreated", "ChangeCaseApproved", "ChangeCaseImplemented", "NotificationStatus");
        assertThat(async.at("/components/messages/CharterConfirmed/payload/allOf/1/properties/data/$ref").asText())
                .isEqualTo("#/components/schemas/CharterConfirmedData");
        assertThat(async.at("/components/schemas/CharterConfirmedData"))
                .isEqualTo(json(served("/api/openapi.json", "application/json"))
                        .at("/components/schemas/CharterConfirmedData"));
        assertThat(async.at("/components/schemas/NotificationStatusData/properties").fieldNames()).toIterable()
                .contains("notification_id", "status", "caused_by", "case_number");
    }

    @Test
    void theDocumentsNeedNoCredentials() {
        for (String path : List.of("/api/openapi.json", "/api/openapi.yaml", "/api/asyncapi.json")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    private String served(String path, String contentType) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type -> assertThat(
                type).startsWith(contentType));
        return response.body();
    }

    private static String schemaName(String type) {
        StringBuilder name = new StringBuilder();
        for (String word : type.split("[._-]")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.append("Data").toString();
    }
}
