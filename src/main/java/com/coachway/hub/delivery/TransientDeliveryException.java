package com.coachway.hub.delivery;

/** A provider attempt failed in a way another attempt may fix; the retry tiers take it from here. */
class TransientDeliveryException extends RuntimeException {

    public TransientDeliveryException(String message) {
        super(message);
    }
}
