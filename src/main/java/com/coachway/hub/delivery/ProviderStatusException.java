package com.coachway.hub.delivery;

/** A provider answered an HTTP error without a body the SDK can read (a proxy's 502 page, an empty 503). */
public class ProviderStatusException extends RuntimeException {

    private final int status;

    public ProviderStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
