/**
 * The ops console at {@code /ops/} (API.md §10): static pages served by the hub over the same {@code /ops/api} and
 * {@code /api/v1} endpoints, plus the two read-only answers only the console needs (who is logged in, and the
 * overview's counts), and the same counts of what waits for ops as Prometheus gauges, for alerts when nobody looks.
 */
package com.coachway.hub.console;
