package com.coachway.hub.outbound;

import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.deadletter.DeadLetterReplayer;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.ParkedMessage;
import com.coachway.hub.messaging.ParkingListener;

/**
 * Marks a push parked when its message is, and discarded when ops give its dead letter up, so every push ends in one
 * recorded state. A replay needs nothing of its own: the message goes back to its queue, and the pusher reopens it.
 */
@Component
class OutboundParking implements ParkingListener, DeadLetterReplayer {

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

    @Override
    public void discarded(String queue, long deadLetterId, Map<String, Object> headers, String reason,
            String actor) {
        Object eventId = headers.get(HubHeaders.EVENT_ID);
        if (queue != null && queue.startsWith(PREFIX) && eventId != null) {
            store.discarded(queue.substring(PREFIX.length()), eventId.toString(),
                    new PushStore.Discarded(actor, null, reason, deadLetterId));
        }
    }
}
