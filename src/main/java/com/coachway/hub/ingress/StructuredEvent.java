package com.coachway.hub.ingress;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A CloudEvent 1.0 in structured mode, as the API descriptions show it. {@link IngressReader} reads the envelope as a
 * tree so it can name every problem at once; these are the attributes it checks, with the rules it applies.
 *
 * @param specversion always 1.0
 * @param id unique within its source; the same source and id again is a duplicate
 * @param source the publisher; must be the API key's source
 * @param type the event type, which picks the data's schema and the routing rules
 * @param subject what the event is about
 * @param time when it happened
 * @param datacontenttype the data's media type, JSON
 * @param dataschema where the data's schema is, if the publisher says
 * @param data the data, which must fit the schema of its type
 */
@Schema(name = "CloudEvent", description = "A CloudEvent 1.0 in structured mode. Extension attributes are kept.")
public record StructuredEvent(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "1.0") String specversion,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = CloudEventValidator.MAX_ID_LENGTH, example = "evt-7f1") String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = CloudEventValidator.MAX_SOURCE_LENGTH, example = "charter-service") String source,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = CloudEventValidator.MAX_TYPE_LENGTH, pattern = CloudEventValidator.TYPE_SYNTAX, example = "charter.confirmed") String type,
        @Schema(maxLength = CloudEventValidator.MAX_SUBJECT_LENGTH, example = "charter/186") String subject,
        OffsetDateTime time,
        @Schema(example = "application/json") String datacontenttype,
        String dataschema,
        @Schema(description = "The event's data: the schema of its type, GET /api/v1/event-types/{type}") JsonNode data) {
}
