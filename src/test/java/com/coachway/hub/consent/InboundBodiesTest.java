package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a person sent, as text, in the shapes Meta's and Twilio's inbound webhooks give it. */
class InboundBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String meta(String message) throws Exception {
        JsonNode node = JSON.readTree("{\"from\":\"15555550142\",\"id\":\"wamid.X\",\"timestamp\":\"1764931200\","
                + message + "}");
        return InboundBodies.meta(node);
    }

    @Test
    void metaTextsAndTappedButtonsAreTheirText() throws Exception {
        assertThat(meta("\"type\":\"text\",\"text\":{\"body\":\"STOP\"}")).isEqualTo("STOP");
        assertThat(meta("\"type\":\"button\",\"button\":{\"text\":\"Yes, confirm\",\"payload\":\"CONFIRM\"}"))
                .isEqualTo("Yes, confirm");
        assertThat(meta("\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":"
                + "{\"id\":\"b1\",\"title\":\"Call me\"}}")).isEqualTo("Call me");
        assertThat(meta("\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":"
                + "{\"id\":\"l2\",\"title\":\"Change the date\",\"description\":\"…\"}}")).isEqualTo("Change the date");
    }

    @Test
    void metaMediaLocationsAndContactsAreDescribedWithTheirCaption() throws Exception {
        assertThat(meta("\"type\":\"image\",\"image\":{\"caption\":\"Is this our coach?\",\"mime_type\":"
                + "\"image/jpeg\",\"id\":\"m1\"}")).isEqualTo("[photo] Is this our coach?");
        assertThat(meta("\"type\":\"audio\",\"audio\":{\"mime_type\":\"audio/ogg; codecs=opus\",\"id\":\"m2\","
                + "\"voice\":true}")).isEqualTo("[voice message]");
        assertThat(meta("\"type\":\"audio\",\"audio\":{\"mime_type\":\"audio/mpeg\",\"id\":\"m3\"}"))
                .isEqualTo("[audio]");
        assertThat(meta("\"type\":\"document\",\"document\":{\"filename\":\"guests.pdf\",\"id\":\"m4\"}"))
                .isEqualTo("[document guests.pdf]");
        assertThat(meta("\"type\":\"video\",\"video\":{\"id\":\"m5\"}")).isEqualTo("[video]");
        assertThat(meta("\"type\":\"location\",\"location\":{\"latitude\":42.3519,\"longitude\":-71.0552,"
                + "\"name\":\"South Station\",\"address\":\"700 Atlantic Ave, Boston\"}"))
                .isEqualTo("[location 42.3519, -71.0552: South Station, 700 Atlantic Ave, Boston]");
        assertThat(meta("\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":\"Dave Moreno\"},"
                + "\"phones\":[{\"phone\":\"+1 555 555 0188\"}]}]"))
                .isEqualTo("[contact card: Dave Moreno +1 555 555 0188]");
        assertThat(meta("\"type\":\"unsupported\",\"errors\":[{\"code\":131051}]")).isEqualTo("[unsupported message]");
    }

    @Test
    void aReactionIsNoReplyAndAMessageNamingNoTypeIsReadForItsText() throws Exception {
        assertThat(meta("\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.Y\",\"emoji\":\"👍\"}")).isNull();
        // a message that names no type is read for its text, if it has one
        assertThat(meta("\"text\":{\"body\":\"STOP\"}")).isEqualTo("STOP");
        assertThat(meta("\"image\":{\"id\":\"m1\"}")).isNull();
    }

    @Test
    void twilioTextsComeAsTheyCameAndMediaIsDescribed() {
        assertThat(InboundBodies.twilio(Map.of("Body", List.of("  Stop \n"), "NumMedia", List.of("0"))))
                .isEqualTo("  Stop \n");
        assertThat(InboundBodies.twilio(Map.of("Body", List.of("Is this our coach?"), "NumMedia", List.of("2"),
                "MediaContentType0", List.of("image/jpeg"), "MediaContentType1", List.of("application/pdf"))))
                .isEqualTo("[photo] [attachment application/pdf] Is this our coach?");
        assertThat(InboundBodies.twilio(Map.of("Body", List.of(""), "NumMedia", List.of("1"),
                "MediaContentType0", List.of("audio/ogg")))).isEqualTo("[audio]");
        assertThat(InboundBodies.twilio(Map.of("Body", List.of(""), "Latitude", List.of("42.3519"), "Longitude",
                List.of("-71.0552"), "Address", List.of("700 Atlantic Ave")))).isEqualTo(
                        "[location 42.3519, -71.0552: 700 Atlantic Ave]");
        // a count that cannot be right is read as no media, never as a loop of thousands
        assertThat(InboundBodies.twilio(Map.of("Body", List.of("hi"), "NumMedia", List.of("99999999"))))
                .isEqualTo("hi");
    }
}
