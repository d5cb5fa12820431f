package com.coachway.hub.routing;

import java.time.Instant;
import java.util.Optional;

import com.coachway.hub.Sha256;
import com.coachway.hub.vocabulary.SendAt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The campaign a {@code marketing.campaign} event belongs to (API.md §2b): its {@code campaign_id}, or an id made
 * from the event when it has none, and the {@code send_at} it asks for. Several events with one {@code campaign_id}
 * are batches of one campaign (the event schema caps one at 500 recipients).
 *
 * @param id the campaign's id
 * @param sendAt when it goes out, or null for at once
 * @param template the template every recipient gets
 */
record Campaign(String id, Instant sendAt, String template) {

    /** The event type that makes a campaign. */
    static final String EVENT_TYPE = "marketing.campaign";

    static Optional<Campaign> of(RoutedEvent event) {
        if (!EVENT_TYPE.equals(event.type())) {
            return Optional.empty();
        }
        JsonNode named = event.data().get("campaign_id");
        String id = named != null && named.isTextual() && !named.textValue().isBlank()
                ? named.textValue().trim()
                : "cmp_" + Sha256.hex(event.source() + "\n" + event.id()).substring(0, 20);
        JsonNode template = event.data().get("template");
        return Optional.of(new Campaign(id, sendAt(event.data().get("send_at")),
                template != null && template.isTextual() ? template.textValue() : null));
    }

    // intake checked it (SendAt); anything else here is the router's own message and means at once
    private static Instant sendAt(JsonNode value) {
        return value == null || !value.isTextual() ? null : SendAt.parse(value.textValue()).orElse(null);
    }

    /**
     * What the notify step records: the campaign, how many recipients this event adds to it, where in the event's list
     * this one stands, and the earlier place in that list naming the same person (null when none).
     */
    void describe(ObjectNode body, int recipients, int index, Integer samePersonAs) {
        ObjectNode campaign = body.putObject("campaign");
        campaign.put("id", id);
        campaign.put("recipients", recipients);
        campaign.put("index", index);
        campaign.put("same_person_as", samePersonAs);
        campaign.put("template", template);
        campaign.put("send_at", sendAt == null ? null : sendAt.toString());
    }
}
