package com.coachway.hub.messaging;

/**
 * Told when a failed message goes to a retry tier, so the feature that owns it can say when the next attempt comes (a
 * notification's timeline). Not told of an outage's wait, which is no failure of the message.
 */
public interface RetryListener {

    void retrying(RetryingMessage message);
}
