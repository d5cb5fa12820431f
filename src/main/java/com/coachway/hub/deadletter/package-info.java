/**
 * Dead letters (API.md §10): parked and unroutable messages drained from RabbitMQ into PostgreSQL, where ops search,
 * read, replay and discard them, every action recorded.
 * <p>
 * Offers: {@code DeadLetterReplayer}, which a feature implements to take back its own replayed messages, and
 * {@code SettledElsewhere}, which gives up the dead letters of work a feature settled another way.
 */
package com.coachway.hub.deadletter;
