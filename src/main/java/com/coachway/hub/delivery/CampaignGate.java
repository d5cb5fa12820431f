package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the notify step records that a routed message belongs to a campaign (API.md §2b), implemented by the
 * campaigns feature. It runs in the notification's own transaction and holds the campaign until that commits, so a
 * campaign cancelled meanwhile either finds the notification waiting (and cancels it) or is seen here.
 */
public interface CampaignGate {

    /**
     * A campaign as one of its events names it.
     *
     * @param id the campaign's id
     * @param template the template it sends
     * @param sendAt when it goes out, or null for at once
     * @param eventSource the event's source
     * @param eventId the event's id
     * @param recipients how many recipients that event names
     */
    record Batch(String id, String template, Instant sendAt, String eventSource, String eventId, int recipients) {
    }

    /**
     * Records the campaign and this event's batch of it (once each) and returns why its messages must not go out:
     * who cancelled it, or empty while it still sends.
     */
    Optional<String> enter(Batch batch);
}
