package com.coachway.hub.delivery;

import java.time.Instant;

/**
 * A provider attempt that may go ahead.
 *
 * @param number how many attempts this notification has had, this one included
 * @param sandbox record it as sent without calling the provider
 * @param repeat the previous attempt's outcome is unknown (no answer in time, or the hub stopped while it was at the
 *            provider): the provider is asked before anything is sent again
 * @param unknownSince when the first attempt of unknown outcome began, for a repeat
 */
record DeliveryAttempt(int number, boolean sandbox, boolean repeat, Instant unknownSince) {
}
