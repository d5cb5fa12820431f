package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;

import com.coachway.hub.http.OneOf;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.vocabulary.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RequestBodiesTest {

    record Sample(@NotBlank(message = "is required") String name, List<@OneOf(Channel.class) String> channels,
            @NotNull @Valid Inner inner, @Size(max = 3) String sendAt, Integer seats) {

        record Inner(@Size(max = 2) String phoneNumber) {
        }
    }

    private final RequestBodies bodies = new RequestBodies(
            Validation.buildDefaultValidatorFactory().getValidator());

    @Test
    void everyBrokenConstraintIsListedWithTheContractsFieldNames() throws Exception {
        JsonNode json = new ObjectMapper().readTree("""
                {"name":" ","channels":["sms","fax"],"inner":{"phone_number":"12345"},"send_at":"tomorrow"}""");

        assertThatThrownBy(() -> bodies.bind(json, Sample.class, "bad")).isInstanceOfSatisfying(
                ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(400);
                    assertThat(Problems.errors(e.problem())).extracting(FieldError::field)
                            .containsExactly("channels", "inner.phone_number", "name", "send_at");
                    assertThat(Problems.errors(e.problem())).extracting(FieldError::message)
                            .contains("must be one of email, sms, whatsapp", "is required");
                });
    }

    @Test
    void aValueOfTheWrongJsonTypeIsNamedNotCoerced() throws Exception {
        JsonNode json = new ObjectMapper().readTree("{\"name\":5,\"inner\":{}}");

        assertThatThrownBy(() -> bodies.bind(json, Sample.class, "bad")).isInstanceOfSatisfying(
                ProblemException.class, e -> assertThat(Problems.errors(e.problem()))
                        .containsExactly(new FieldError("name", "must be a string")));
    }

    @Test
    void wrongTypesAndBrokenConstraintsAreListedTogether() throws Exception {
        JsonNode json = new ObjectMapper().readTree("""
                {"name":["Ana"],"channels":"sms","inner":{"phone_number":7},"send_at":"tomorrow"}""");

        RequestBodies.Checked<Sample> checked = bodies.check(json, Sample.class);

        assertThat(checked.errors()).containsExactly(new FieldError("channels", "must be an array"),
                new FieldError("inner.phone_number", "must be a string"), new FieldError("name", "must be a string"),
                new FieldError("send_at", "must be at most 3 characters"));
        assertThat(checked.fails("name")).isTrue();
        assertThat(checked.fails("inner")).isFalse();
    }

    @Test
    void aCountIsAWholeNumberHoweverJsonWritesIt() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(bodies.bind(json.readTree("{\"name\":\"Ana\",\"inner\":{},\"seats\":1e3}"), Sample.class, "bad")
                .seats()).isEqualTo(1000);
        assertThat(bodies.bind(json.readTree("{\"name\":\"Ana\",\"inner\":{},\"seats\":12.0}"), Sample.class, "bad")
                .seats()).isEqualTo(12);
        for (String seats : List.of("2.5", "\"2\"", "true")) {
            assertThat(bodies.check(json.readTree("{\"name\":\"Ana\",\"inner\":{},\"seats\":" + seats + "}"),
                    Sample.class).errors()).as(seats)
                    .containsExactly(new FieldError("seats", "must be a whole number"));
        }
        for (String seats : List.of("99999999999", "1e300", "-1e12")) {
            assertThat(bodies.check(json.readTree("{\"name\":\"Ana\",\"inner\":{},\"seats\":" + seats + "}"),
                    Sample.class).errors()).as(seats).containsExactly(new FieldError("seats", "is out of range"));
        }
    }

    @Test
    void textIsStrippedAndBlankIsAbsent() throws Exception {
        JsonNode json = new ObjectMapper().readTree("{\"name\":\"  Ana \",\"send_at\":\"   \",\"inner\":{}}");

        Sample sample = bodies.bind(json, Sample.class, "bad");

        assertThat(sample.name()).isEqualTo("Ana");
        assertThat(sample.sendAt()).isNull();
    }

    @Test
    void aValidBodyIsBound() throws Exception {
        JsonNode json = new ObjectMapper().readTree("{\"name\":\"Ana\",\"channels\":[\"sms\"],\"inner\":{}}");

        assertThat(bodies.bind(json, Sample.class, "bad").channels()).containsExactly("sms");
    }
}
