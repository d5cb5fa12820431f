package com.coachway.hub.ingress;

import java.util.List;

/**
 * What an HTTP request to {@code /api/v1/events} carried.
 *
 * @param batch whether it was a batch ({@code application/cloudevents-batch+json})
 * @param candidates its events in order
 */
record IngressRequest(boolean batch, List<IngressCandidate> candidates) {

    public IngressRequest {
        candidates = List.copyOf(candidates);
    }
}
