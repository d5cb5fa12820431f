package com.coachway.hub.messaging;

import java.time.Duration;
import java.util.Map;

/**
 * A failed message on its way to a retry tier, as its owner is told of it.
 *
 * @param queue the work queue it failed on
 * @param headers its headers (with {@link HubHeaders})
 * @param retry which retry comes next, from 1
 * @param retries how many retries the tiers allow ({@code hub.retry.delays})
 * @param delay how long until that retry
 */
public record RetryingMessage(String queue, Map<String, Object> headers, int retry, int retries, Duration delay) {

    /** One of its headers as text, or null. */
    public String header(String name) {
        return HubHeaders.text(headers, name);
    }
}
