package com.coachway.hub.delivery.whatsapp;

import java.io.IOException;

import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.DeliveryService;
import com.coachway.hub.delivery.DeliveryWork;
import com.coachway.hub.delivery.ProviderFailure;
import com.coachway.hub.providers.MetaProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Meta WhatsApp Cloud API at the wire: the JSON of {@code POST /{phone-number-id}/messages} (free text, or an
 * approved template with body parameters in order), and reading its answer into a message id or a failure.
 */
@Component
class MetaRequests {

    private final MetaProperties meta;
    private final DeliveryService deliveries;
    private final ObjectMapper json;

    public MetaRequests(MetaProperties meta, DeliveryService deliveries, ObjectMapper json) {
        this.meta = meta;
        this.deliveries = deliveries;
        this.json = json;
    }

    /** The request body for {@code work}. */
    public String body(DeliveryWork work) {
        ObjectNode body = json.createObjectNode();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", work.address().startsWith("+") ? work.address().substring(1) : work.address());
        if (DeliveryWork.TEMPLATE.equals(work.mode()) && work.providerTemplate() != null) {
            body.put("type", "template");
            ObjectNode template = body.putObject("template");
            template.put("name", work.providerTemplate().id());
            template.putObject("language").put("code", work.providerTemplate().language() == null
                    ? "en_US"
                    : work.providerTemplate().language());
            ArrayNode parameters = template.putArray("components").addObject().put("type", "body")
                    .putArray("parameters");
            work.providerTemplate().values().forEach(value -> parameters.addObject().put("type", "text")
                    .put("text", value));
        } else {
            body.put("type", "text");
            body.putObject("text").put("preview_url", false).put("body", work.text());
        }
        return body.toString();
    }

    /** The Authorization header value. */
    public String authorization() {
        return "Bearer " + meta.accessToken();
    }

    /** Records Meta's answer: the message id when accepted, else the classified failure. */
    public void answer(DeliveryWork work, Integer status, String body) {
        JsonNode answer = read(body);
        if (status != null && status >= 200 && status < 300) {
            JsonNode id = answer == null ? null : answer.path("messages").path(0).get("id");
            if (id != null && id.isTextual()) {
                deliveries.sent(work, id.textValue());
                return;
            }
            deliveries.failed(work, ProviderFailure.rejected("meta", status, null,
                    "accepted without a message id: " + abbreviate(body)));
            return;
        }
        JsonNode error = answer == null ? null : answer.get("error");
        String code = error != null && error.hasNonNull("code") ? error.get("code").asText() : null;
        String message = error != null && error.hasNonNull("message")
                ? error.get("message").asText()
                : abbreviate(body);
        deliveries.failed(work, ProviderFailure.rejected("meta", status, code, message));
    }

    private JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
