package com.coachway.hub.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.coachway.hub.http.FormBodies;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The text of an inbound message as a person should read it. A photo, a voice message, a location or a tapped button
 * has no text of its own, and would reach nobody as an empty reply: it is described in brackets ({@code [photo] Is
 * this our coach?}, {@code [voice message]}, {@code [location 42.3519, -71.0552: South Station]}), with its caption
 * if any; the media itself stays with the provider, under the message's id. A reaction is no reply: null.
 */
public final class InboundBodies {

    private InboundBodies() {
    }

    /** A message of Meta's WhatsApp webhook ({@code entry[].changes[].value.messages[]}). */
    public static String meta(JsonNode message) {
        String type = message.path("type").asText("");
        JsonNode part = message.path(type);
        return switch (type) {
            case "text" -> part.path("body").asText(null);
            case "button" -> part.path("text").asText(null);
            case "interactive" -> part.path(part.path("type").asText("")).path("title").asText(null);
            case "reaction" -> null;
            case "image" -> media("photo", part);
            case "video", "sticker" -> media(type, part);
            case "audio" -> media(part.path("voice").asBoolean(false) ? "voice message" : "audio", part);
            case "document" -> media(part.hasNonNull("filename")
                    ? "document " + part.get("filename").asText()
                    : "document", part);
            case "location" -> location(part.path("latitude").asText(""), part.path("longitude").asText(""),
                    join(part.path("name").asText(null), part.path("address").asText(null)));
            case "contacts" -> "[contact card: " + String.join("; ", contacts(message.path("contacts"))) + "]";
            case "" -> message.path("text").path("body").asText(null); // no type given: its text, if any
            default -> "[" + type + " message]";
        };
    }

    /** The form of Twilio's inbound webhook: {@code Body}, and its media and location, if any. */
    public static String twilio(Map<String, List<String>> form) {
        List<String> parts = new ArrayList<>();
        int media = count(FormBodies.first(form, "NumMedia"));
        for (int i = 0; i < media; i++) {
            parts.add("[" + kind(FormBodies.first(form, "MediaContentType" + i)) + "]");
        }
        String latitude = FormBodies.first(form, "Latitude");
        String longitude = FormBodies.first(form, "Longitude");
        if (latitude != null && longitude != null) {
            parts.add(location(latitude, longitude, join(FormBodies.first(form, "Label"),
                    FormBodies.first(form, "Address"))));
        }
        String body = FormBodies.first(form, "Body");
        if (parts.isEmpty()) {
            return body; // a plain text, keywords included, exactly as it came
        }
        if (body != null && !body.isBlank()) {
            parts.add(body);
        }
        return String.join(" ", parts);
    }

    private static String media(String kind, JsonNode part) {
        String caption = part.path("caption").asText("");
        return "[" + kind + "]" + (caption.isBlank() ? "" : " " + caption);
    }

    private static String location(String latitude, String longitude, String place) {
        return "[location " + latitude + ", " + longitude + (place == null ? "" : ": " + place) + "]";
    }

    private static List<String> contacts(JsonNode contacts) {
        List<String> names = new ArrayList<>();
        contacts.forEach(contact -> names.add(String.join(" ", nonBlank(contact.path("name").path("formatted_name")
                .asText(null), contact.path("phones").path(0).path("phone").asText(null)))));
        return names;
    }

    private static String kind(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return "photo";
        }
        if (type.startsWith("video/")) {
            return "video";
        }
        if (type.startsWith("audio/")) {
            return "audio";
        }
        return type.isEmpty() ? "attachment" : "attachment " + type;
    }

    // Twilio allows 10 media per message; anything else read as none
    private static int count(String number) {
        try {
            int count = number == null ? 0 : Integer.parseInt(number.trim());
            return count >= 0 && count <= 10 ? count : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String join(String first, String second) {
        List<String> parts = nonBlank(first, second);
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static List<String> nonBlank(String... texts) {
        List<String> kept = new ArrayList<>();
        for (String text : texts) {
            if (text != null && !text.isBlank()) {
                kept.add(text.strip());
            }
        }
        return kept;
    }
}
