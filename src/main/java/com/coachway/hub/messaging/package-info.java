/**
 * The RabbitMQ topology (exchanges, work queues, retry tiers, parking queues), the header names every flow shares,
 * and the one place that decides whether a failed message is retried or parked.
 */
package com.coachway.hub.messaging;
