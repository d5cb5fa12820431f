package com.coachway.hub.delivery;

import com.coachway.hub.messaging.ProviderCoded;

/** A provider attempt failed in a way another attempt may fix; the retry tiers take it from here. */
class TransientDeliveryException extends RuntimeException implements ProviderCoded {

    private final String providerCode;

    TransientDeliveryException(String message) {
        this(message, null);
    }

    TransientDeliveryException(ProviderFailure failure) {
        this(failure.describe(), failure.code() != null
                ? failure.code()
                : failure.httpStatus() != null ? "HTTP " + failure.httpStatus() : null);
    }

    private TransientDeliveryException(String message, String providerCode) {
        super(message);
        this.providerCode = providerCode;
    }

    @Override
    public String providerCode() {
        return providerCode;
    }
}
