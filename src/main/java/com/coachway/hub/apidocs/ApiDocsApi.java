package com.coachway.hub.apidocs;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;

/** {@code GET /api/openapi.json}, {@code /api/openapi.yaml} and {@code /api/asyncapi.json}. */
@Component
class ApiDocsApi {

    private final OpenApiDocument openApi;
    private final AsyncApiDocument asyncApi;

    ApiDocsApi(OpenApiDocument openApi, AsyncApiDocument asyncApi) {
        this.openApi = openApi;
        this.asyncApi = asyncApi;
    }

    /** The document a request path names: openapi.json (the default), openapi.yaml or asyncapi.json. */
    public HttpReply describe(String path) {
        String file = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return switch (file) {
            case "openapi.yaml" -> openApiYaml();
            case "asyncapi.json" -> asyncApiJson();
            default -> openApiJson();
        };
    }

    HttpReply openApiJson() {
        return new HttpReply(200, "application/json", json(openApi.document()), null);
    }

    HttpReply openApiYaml() {
        try {
            return new HttpReply(200, "application/yaml", Yaml.mapper().writeValueAsString(openApi.document()), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI description as YAML", e);
        }
    }

    HttpReply asyncApiJson() {
        return new HttpReply(200, "application/json", json(asyncApi.document()), null);
    }

    /** Pretty and with a final newline, as the committed snapshots are. */
    static String json(JsonNode document) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an API description", e);
        }
    }
}
