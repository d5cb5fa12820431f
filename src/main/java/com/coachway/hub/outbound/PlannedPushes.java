package com.coachway.hub.outbound;

import java.nio.charset.StandardCharsets;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.routing.PushesPlanned;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Records each push the router queues as pending, in the router's transaction, so {@code GET /api/v1/pushes} shows
 * it from the start: also while its destination is off or its circuit open, when no consumer takes it.
 */
@Component
class PlannedPushes {

    private final PushStore store;
    private final ObjectMapper json;

    PlannedPushes(PushStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @EventListener
    void planned(PushesPlanned planned) {
        PushEvent event = PushEvent.parse(planned.event().getBytes(StandardCharsets.UTF_8), json);
        planned.destinations().forEach(destination -> store.expect(destination, event));
    }
}
