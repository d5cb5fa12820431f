package com.coachway.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class CloudEventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theApiMdExampleIsValid() {
        assertThat(validate("""
                {"specversion":"1.0","id":"evt-7f1","source":"charter-service","type":"charter.confirmed",
                 "time":"2026-03-01T10:00:00Z","subject":"charter/186","datacontenttype":"application/json",
                 "data":{"charter_id":186,"client":{"name":"Ana Ruiz","phone":"+1 (555) 555-1234"}}}""")).isEmpty();
    }

    @Test
    void extensionsAndBase64DataAreValid() {
        assertThat(validate("""
                {"specversion":"1.0","id":"1","source":"urn:coachway:dispatch","type":"x.y",
                 "traceparent":"00-abc","partitionkey":7,"data_base64":"aGVsbG8="}""")).isEmpty();
    }

    @Test
    void everyProblemIsListedOnce() {
        List<FieldError> errors = validate("""
                {"specversion":"2.0","id":" ","source":"::not a uri::","type":"bad type!","time":"2026-13-45",
                 "dataschema":"relative/path","data":1,"data_base64":"x","Upper":1,"nested":{"a":1}}""");

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("specversion", "id", "source",
                "type", "time", "dataschema", "data_base64", "Upper", "nested");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void anythingButAnObjectIsRefused(String body) {
        assertThat(validate(body)).extracting(FieldError::field).containsExactly("$");
    }

    @Test
    void limitsAndControlCharacters() {
        String longId = "x".repeat(CloudEventValidator.MAX_ID_LENGTH + 1);
        List<FieldError> errors = validate("{\"specversion\":\"1.0\",\"id\":\"" + longId
                + "\",\"source\":\"a\\u0001b\",\"type\":\"" + "t".repeat(201) + "\"}");

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("id", "source", "type");
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).doesNotContain(longId));
    }

    private static List<FieldError> validate(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return CloudEventValidator.validate(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
