/**
 * The hub's vocabulary, said once: the channels, notification categories, priorities and statuses of API.md, with their wire
 * names. Every feature checks and lists them through these enums instead of a list of its own.
 * <p>
 * Offers: {@code Channel}, {@code Category}, {@code Priority} and {@code NotificationStatus}, {@code WireNames} (how any
 * status enum of a feature names its constants on the wire), {@code TimeZones} for a recipient's {@code timezone} and
 * {@code CompanyZone} for one who names none, {@code QuietHours}, which routing plans around and delivery checks again,
 * {@code LinkSchemes}, the links a message may carry, and {@code DurationWords}, a duration as people read it.
 */
package com.coachway.hub.vocabulary;
