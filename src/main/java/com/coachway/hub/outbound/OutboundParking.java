package com.coachway.hub.outbound;

import org.springframework.stereotype.Component;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.ParkedMessage;
import com.coachway.hub.messaging.ParkingListener;

/** Marks a push parked when its message is, so every push ends in one recorded state. */
@Component
class OutboundParking implements ParkingListener {

    static final String PREFIX = "q.outbound.";

    private final PushStore store;

    OutboundParking(PushStore store) {
        this.store = store;
    }

    @Override
    public void parked(ParkedMessage message) {
        String queue = message.queue();
        String eventId = message.header(HubHeaders.EVENT_ID);
        if (queue == null || !queue.startsWith(PREFIX) || eventId == null) {
            return;
        }
        store.parked(queue.substring(PREFIX.length()), eventId, message.reason());
    }
}
