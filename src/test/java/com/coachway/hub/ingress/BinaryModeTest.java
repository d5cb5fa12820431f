package com.coachway.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coachway.hub.problem.FieldError;

class BinaryModeTest {

    @Test
    void aHeaderIsReadAsUtf8WhetherPercentEncodedOrSentRaw() throws CharacterCodingException {
        assertThat(BinaryMode.decode("charter/186")).isEqualTo("charter/186");
        assertThat(BinaryMode.decode("Zo%C3%AB+1")).isEqualTo("Zoë+1");
        // curl sends "é" as its two UTF-8 bytes, which the server hands over as two ISO-8859-1 characters
        assertThat(BinaryMode.decode(asServerReadsIt("évt-1 🚌"))).isEqualTo("évt-1 🚌");
        assertThat(BinaryMode.decode("100%ZZ off %")).isEqualTo("100%ZZ off %");
    }

    @Test
    void bytesThatAreNotUtf8AreAProblemNotAGuess() {
        assertThatThrownBy(() -> BinaryMode.decode("caf\u00e9")).isInstanceOf(CharacterCodingException.class);
        assertThatThrownBy(() -> BinaryMode.decode("caf%E9")).isInstanceOf(CharacterCodingException.class);

        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", "evt-1");
        headers.put("ce-subject", "caf\u00e9");
        assertThat(BinaryMode.http(headers).problems()).extracting(FieldError::field).containsExactly("subject");
    }

    @Test
    void anAttributeGivenTwiceOrAsATableIsAProblemAndATimestampIsATime() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("cloudEvents_specversion", "1.0");
        headers.put("cloudEvents_id", List.of("evt-1", "evt-2"));
        headers.put("cloudEvents_time", Date.from(Instant.parse("2026-03-01T10:00:00Z")));
        headers.put("cloudEvents_subject", Map.of("charter", 186));

        BinaryMode binary = BinaryMode.amqp(headers);

        assertThat(binary.envelope().get("id").asText()).isEqualTo("evt-1");
        assertThat(binary.envelope().get("time").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(binary.problems()).containsExactly(
                new FieldError("id", "is given 2 values; a CloudEvents attribute has exactly one"),
                new FieldError("subject", "is a table; a CloudEvents attribute holds one value (a string, number, "
                        + "boolean or timestamp)"));
    }

    private static String asServerReadsIt(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
