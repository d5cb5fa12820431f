/**
 * The RabbitMQ topology (exchanges, work queues, retry tiers, parking queues), the header names every flow shares,
 * and the one place that decides whether a failed message is retried or parked.
 * <p>
 * Offers: {@code WorkQueues} and {@code HubHeaders} (names), {@code DurablePublisher}, {@code FailurePolicy} with
 * {@code PermanentFailure} and {@code DeferredWork}, {@code ParkingListener} (be told when your message is parked),
 * {@code RetryListener} (be told when it waits for a retry, and how long),
 * {@code RouteSettings} (hand typed settings to routes), and {@code BrokerRates} (each queue's rates, from the
 * broker's management plugin).
 */
package com.coachway.hub.messaging;
