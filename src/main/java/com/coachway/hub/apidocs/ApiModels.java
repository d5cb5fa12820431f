package com.coachway.hub.apidocs;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.coachway.hub.http.OneOf;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;

/**
 * The JSON Schemas of the records the API reads and writes, resolved by swagger-core through the hub's own Jackson
 * mapper, so a property is named as it is on the wire ({@code send_at}) and an absent value is simply not required.
 */
final class ApiModels {

    private final ModelConverters converters = new ModelConverters(false);
    private final Map<String, Schema<?>> schemas = new TreeMap<>();

    ApiModels(ObjectMapper json) {
        converters.addConverter(new HubModelResolver(json.copy()));
        converters.addConverter(new JsonTrees(json));
    }

    /** A reference to the schema of {@code type}, which is added, with every schema it uses, to {@link #all()}. */
    Schema<?> ref(Class<?> type) {
        ResolvedSchema resolved = converters.readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        resolved.referencedSchemas.forEach(schemas::putIfAbsent);
        return resolved.schema;
    }

    Map<String, Schema<?>> all() {
        return schemas;
    }

    /** swagger-core's resolver, which also lists the values a {@link OneOf} text accepts as its enum. */
    private static final class HubModelResolver extends ModelResolver {

        HubModelResolver(ObjectMapper json) {
            super(json, new NestedNames());
        }

        @Override
        protected boolean applyBeanValidatorAnnotations(Schema property, Annotation[] annotations, Schema parent,
                boolean applyNotNullAnnotations) {
            boolean applied = super.applyBeanValidatorAnnotations(property, annotations, parent,
                    applyNotNullAnnotations);
            if (annotations != null && property != null && "string".equals(property.getType())) {
                for (Annotation annotation : annotations) {
                    if (annotation instanceof OneOf oneOf) {
                        property.setEnum(new ArrayList<>(OneOf.Check.names(oneOf.value())));
                    }
                }
            }
            return applied;
        }
    }

    /** A {@code JsonNode} member holds whatever JSON object the caller sent: an object schema, not a model of it. */
    private record JsonTrees(ObjectMapper json) implements ModelConverter {

        @Override
        public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
            JavaType javaType = json.constructType(type.getType());
            if (JsonNode.class.isAssignableFrom(javaType.getRawClass())) {
                return new ObjectSchema();
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        }
    }

    /**
     * Many features answer a {@code Listing}: a nested record is named after its outer class, less an {@code Api}
     * suffix ({@code LeadsApi.Listing} is {@code LeadsListing}), unless its own name starts with that stem
     * ({@code NotificationsApi.NotificationBody} stays {@code NotificationBody}) or it names itself with
     * {@code @Schema(name)}.
     */
    private static final class NestedNames extends TypeNameResolver {

        @Override
        protected String getNameOfClass(Class<?> type) {
            String name = super.getNameOfClass(type);
            Class<?> outer = type.getEnclosingClass();
            if (outer == null || !name.equals(type.getSimpleName())) {
                return name;
            }
            String stem = outer.getSimpleName().replaceFirst("Api$", "");
            String singular = stem.endsWith("s") ? stem.substring(0, stem.length() - 1) : stem;
            return name.startsWith(singular) ? name : stem + name;
        }
    }
}
