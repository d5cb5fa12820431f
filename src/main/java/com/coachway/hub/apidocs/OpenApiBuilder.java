package com.coachway.hub.apidocs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.ResponseHeaderDefinition;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.RestPropertyDefinition;
import org.apache.camel.model.rest.VerbDefinition;

import com.coachway.hub.problem.ProblemBody;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * Turns the REST DSL into an OpenAPI 3.0.3 document. What the DSL says is taken as it is: paths, ids, descriptions,
 * parameters, response codes, {@code type} (the request record), {@code outType} (the record of every 2xx answer) and
 * {@code responseModel}. What holds for every operation is added here once: who may call it (asked of the security
 * configuration, not written twice), problem+json for every 4xx and 5xx, and 401/403/429 where credentials are
 * needed.
 * <p>
 * A {@code responseModel} or {@code type} is a record's class name, or one of the words {@code text} (a string body),
 * {@code binary} (bytes), {@code object} (any JSON object) and {@code form} (the provider's form fields).
 */
final class OpenApiBuilder {

    static final String OPENAPI_VERSION = "3.0.3";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String BEARER = "bearerApiKey";
    static final String API_KEY = "apiKeyHeader";
    static final String BASIC = "basicAuth";
    static final String ROLES_EXTENSION = "x-roles";

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Pattern WORD_BREAK = Pattern.compile("[.\\-\\s]+([a-z0-9])");
    private static final String DEFAULT_MEDIA_TYPE = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String FORM_BODY = "form";

    /** Who may call an operation, as the security configuration says. */
    interface Access {

        /** Whether a caller without credentials may call it. */
        boolean isPublic(String method, String path);

        /** The roles that may call it, in a fixed order. */
        List<String> roles(String method, String path);
    }

    /** What the document says about itself. */
    record Meta(String title, String version, String description, String licenseName, String licenseUrl) {
    }

    /** Operation-specific additions the REST DSL cannot express, by operation id. */
    interface Extra {
        void apply(String operationId, Operation operation);
    }

    private final ObjectMapper json;
    private final Access access;

    OpenApiBuilder(ObjectMapper json, Access access) {
        this.json = json;
        this.access = access;
    }

    OpenAPI build(Meta meta, List<RestDefinition> rests, ApiModels models, Extra extra) {
        OpenAPI api = new OpenAPI().openapi(OPENAPI_VERSION)
                .info(new Info().title(meta.title()).version(meta.version()).description(meta.description())
                        .license(new License().name(meta.licenseName()).url(meta.licenseUrl())))
                .addServersItem(new Server().url("/").description("the hub that serves this document"))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key: Authorization: Bearer <key>. Each key has one source and "
                                        + "a set of roles."))
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key")
                                .description("The same API key in the X-Api-Key header."))
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A configured user (ops, admin, analyst) with HTTP Basic.")));
        Schema<?> problem = models.ref(ProblemBody.class);
        Paths paths = new Paths();
        Map<String, Tag> tags = new LinkedHashMap<>();
        for (RestDefinition rest : rests) {
            String tag = rest.getTag();
            if (tag != null) {
                Tag known = tags.computeIfAbsent(tag, name -> new Tag().name(name));
                if (known.getDescription() == null) {
                    known.setDescription(rest.getDescriptionText());
                }
            }
            for (VerbDefinition verb : orNone(rest.getVerbs())) {
                String path = join(rest.getPath(), verb.getPath());
                Operation operation = operation(rest, verb, path, models, problem);
                if (extra != null) {
                    extra.apply(operation.getOperationId(), operation);
                }
                PathItem item = paths.computeIfAbsent(path, p -> new PathItem());
                item.operation(PathItem.HttpMethod.valueOf(verb.asVerb().toUpperCase(Locale.ROOT)), operation);
            }
        }
        api.setPaths(paths);
        api.setTags(new ArrayList<>(tags.values()));
        models.all().forEach((name, schema) -> api.getComponents().addSchemas(name, schema));
        return api;
    }

    private Operation operation(RestDefinition rest, VerbDefinition verb, String path, ApiModels models,
            Schema<?> problem) {
        String method = verb.asVerb().toUpperCase(Locale.ROOT);
        String description = verb.getDescriptionText();
        Operation operation = new Operation().operationId(operationId(verb.getId()))
                .summary(summary(description))
                .description(description);
        if (rest.getTag() != null) {
            operation.addTagsItem(rest.getTag());
        }
        boolean open = access.isPublic(method, path);
        if (open) {
            operation.setSecurity(List.of());
        } else {
            List<String> roles = access.roles(method, path);
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER),
                    new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(BASIC)));
            operation.addExtension(ROLES_EXTENSION, roles);
            operation.setDescription(description + "\n\nRoles: " + String.join(", ", roles) + ".");
        }
        Matcher names = PATH_PARAMETER.matcher(path);
        List<String> declared = orNone(verb.getParams()).stream().map(ParamDefinition::getName).toList();
        while (names.find()) {
            if (!declared.contains(names.group(1))) {
                operation.addParametersItem(new Parameter().in("path").name(names.group(1)).required(true)
                        .schema(new StringSchema()));
            }
        }
        for (ParamDefinition param : orNone(verb.getParams())) {
            if (param.getType() == RestParamType.body) {
                operation.setRequestBody(requestBody(verb, param, models));
            } else {
                operation.addParametersItem(parameter(param));
            }
        }
        ApiResponses responses = new ApiResponses();
        String produces = first(verb.getProduces(), rest.getProduces(), DEFAULT_MEDIA_TYPE);
        for (ResponseMessageDefinition message : orNone(verb.getResponseMsgs())) {
            responses.addApiResponse(message.getCode(), response(message, verb, produces, models, problem));
        }
        if (operation.getRequestBody() != null) {
            // every body passes the size limit first, and a JSON API refuses forms (http/ filters)
            responses.putIfAbsent("413", problem("The body is over the size limit", problem));
            if (!operation.getRequestBody().getContent().containsKey(FORM)) {
                responses.putIfAbsent("400", problem("The body is malformed or invalid; every problem is listed in "
                        + "errors", problem));
                responses.putIfAbsent("415", problem("A content type other than JSON", problem));
            }
        }
        if (!open) {
            responses.putIfAbsent("401", problem("No credentials, or unknown ones", problem));
            responses.putIfAbsent("403", problem("The caller's roles do not allow this", problem));
            responses.putIfAbsent("429", problem("Too many wrong passwords in a row for this HTTP Basic user from "
                    + "this address; try again after Retry-After seconds", problem));
        }
        operation.setResponses(sorted(responses));
        return operation;
    }

    private RequestBody requestBody(VerbDefinition verb, ParamDefinition param, ApiModels models) {
        // the media type is never a REST DSL 'consumes': the HTTP component would enforce it, and the JSON APIs and
        // the signed forms have filters of their own (http/)
        String type = FORM_BODY.equals(verb.getType()) ? FORM : DEFAULT_MEDIA_TYPE;
        MediaType media = new MediaType().schema(schema(verb.getType(), models));
        for (RestPropertyDefinition example : orNone(param.getExamples())) {
            media.setExample(parse(example.getValue()));
        }
        Content content = new Content().addMediaType(type, media);
        return new RequestBody().required(Boolean.TRUE.equals(param.getRequired())).description(param.getDescription())
                .content(content);
    }

    private Parameter parameter(ParamDefinition param) {
        Schema<?> schema = switch (param.getDataType() == null ? "string" : param.getDataType()) {
            case "integer", "int" -> new IntegerSchema();
            case "boolean" -> new BooleanSchema();
            case "date-time" -> new StringSchema().format("date-time");
            default -> new StringSchema();
        };
        List<String> allowed = param.getAllowableValuesAsStringList();
        if (allowed != null && !allowed.isEmpty()) {
            @SuppressWarnings("unchecked")
            Schema<Object> values = (Schema<Object>) schema;
            allowed.forEach(values::addEnumItemObject);
        }
        if (param.getDefaultValue() != null) {
            schema.setDefault(param.getDefaultValue());
        }
        Parameter parameter = new Parameter().in(param.getType().name()).name(param.getName())
                .description(param.getDescription()).required(param.getType() == RestParamType.path
                        || Boolean.TRUE.equals(param.getRequired()))
                .schema(schema);
        for (RestPropertyDefinition example : orNone(param.getExamples())) {
            parameter.setExample(example.getValue());
        }
        return parameter;
    }

    private ApiResponse response(ResponseMessageDefinition message, VerbDefinition verb, String produces,
            ApiModels models, Schema<?> problem) {
        int code = Integer.parseInt(message.getCode());
        ApiResponse response = code >= 400
                ? problem(message.getMessage(), problem)
                : new ApiResponse().description(message.getMessage());
        String model = message.getResponseModel() != null
                ? message.getResponseModel()
                : code < 300 && code != 204 ? verb.getOutType() : null;
        if (code < 400 && model != null) {
            MediaType media = new MediaType().schema(schema(model, models));
            for (RestPropertyDefinition example : orNone(message.getExamples())) {
                media.addExamples(example.getKey(), new Example().value(parse(example.getValue())));
            }
            response.content(new Content().addMediaType(first(message.getContentType(), produces), media));
        }
        for (ResponseHeaderDefinition header : orNone(message.getHeaders())) {
            response.addHeaderObject(header.getName(), new Header().description(header.getDescription())
                    .schema("integer".equals(header.getDataType()) ? new IntegerSchema() : new StringSchema()));
        }
        return response;
    }

    private static ApiResponse problem(String description, Schema<?> problem) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(problem)));
    }

    private static Schema<?> schema(String model, ApiModels models) {
        if (model == null || model.isBlank()) {
            return new ObjectSchema();
        }
        return switch (model) {
            case "text" -> new StringSchema();
            case "binary" -> new BinarySchema();
            case "object" -> new ObjectSchema().additionalProperties(true);
            case FORM_BODY -> new ObjectSchema();
            default -> models.ref(type(model));
        };
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, OpenApiBuilder.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("routes/rest.camel.yaml names a class that does not exist: " + name, e);
        }
    }

    private Object parse(String example) {
        try {
            JsonNode node = json.readTree(example);
            return json.convertValue(node, Object.class);
        } catch (JsonProcessingException e) {
            return example; // a text example, such as TwiML
        }
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses ordered = new ApiResponses();
        responses.keySet().stream().sorted().forEach(code -> ordered.addApiResponse(code, responses.get(code)));
        return ordered;
    }

    /** The REST DSL model leaves a list it never needed null. */
    private static <T> List<T> orNone(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** {@code rest.leads.activities.add} → {@code leadsActivitiesAdd}: a method name for a generated client. */
    static String operationId(String id) {
        String words = id.startsWith("rest.") ? id.substring("rest.".length()) : id;
        return WORD_BREAK.matcher(words).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));
    }

    /** The first sentence of a description. */
    static String summary(String description) {
        if (description == null) {
            return null;
        }
        String text = description.strip();
        int end = text.indexOf(". ");
        int colon = text.indexOf(": ");
        if (colon > 0 && (end < 0 || colon < end)) {
            end = colon;
        }
        String first = end < 0 ? text : text.substring(0, end);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static String join(String base, String path) {
        if (path == null || path.isEmpty()) {
            return base;
        }
        return base.endsWith("/") || path.startsWith("/") ? base + path : base + "/" + path;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
