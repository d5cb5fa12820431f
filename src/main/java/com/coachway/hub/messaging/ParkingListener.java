package com.coachway.hub.messaging;

import java.util.Map;

/**
 * Told when a message is parked, so the feature that owns the message can record the fate on its own records (a
 * notification becomes {@code parked}). Implementations must be quick and must not throw.
 */
public interface ParkingListener {

    /**
     * @param queue the work queue the message failed on
     * @param headers the message's headers (with {@link HubHeaders})
     * @param reason why it was parked
     */
    void parked(String queue, Map<String, Object> headers, String reason);
}
