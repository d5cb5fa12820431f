/**
 * Pushes to the charter, vendor and change systems (API.md §9): one consumer per destination, an outcome table
 * deciding done / retry / park, a Resilience4j circuit breaker per destination that stops the consumer while the
 * destination is down, and per-subject ordering by event time. It records each push as pending when routing queues
 * it (routing's {@code PushesPlanned}), listens for delivery's {@code NotificationEnded} and tells the change system
 * how the notifications of its cases ended ({@code notification.status}).
 * <p>
 * Offers other features the name and data shape of {@code notification.status}, for the AsyncAPI description, and
 * {@code DownstreamStatus} (which destinations take no pushes now, for the ops overview); otherwise it listens.
 */
package com.coachway.hub.outbound;
