package com.coachway.hub.delivery;

/**
 * A provider attempt that may go ahead.
 *
 * @param number how many attempts this notification has had, this one included
 * @param sandbox record it as sent without calling the provider
 * @param repeat the previous attempt's outcome is unknown (the hub stopped while it was at the provider)
 */
public record DeliveryAttempt(int number, boolean sandbox, boolean repeat) {
}
