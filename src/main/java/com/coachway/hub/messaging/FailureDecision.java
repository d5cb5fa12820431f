package com.coachway.hub.messaging;

/**
 * Where a failed message goes next, and the bookkeeping it carries there.
 *
 * @param exchange {@code hub.retry} or {@code hub.parking}
 * @param routingKey the retry tier or parking queue
 * @param parked whether the message is parked (no more attempts)
 * @param attempt how many attempts have failed, this one included
 * @param kind {@code transient} or {@code permanent}
 * @param reason why, for logs and for ops
 * @param firstFailure ISO-8601 instant of the first failure
 * @param lastFailure ISO-8601 instant of this failure
 * @param originalQueue the work queue that failed to process the message
 * @param originalExchange the exchange the message was first published to, when known
 * @param originalRoutingKey the routing key it was first published with, when known
 * @param providerCode the provider's code for this failure, when a provider gave one
 */
public record FailureDecision(String exchange, String routingKey, boolean parked, int attempt, String kind,
        String reason, String firstFailure, String lastFailure, String originalQueue, String originalExchange,
        String originalRoutingKey, String providerCode) {
}
