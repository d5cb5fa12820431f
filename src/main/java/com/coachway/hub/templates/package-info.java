/**
 * Message templates: Pebble ({@code {{ var }}}, HTML auto-escaped) bodies per channel, A/B variants with weights,
 * every version kept in PostgreSQL, seeded from {@code config/templates/}, and the admin API with preview.
 */
package com.coachway.hub.templates;
