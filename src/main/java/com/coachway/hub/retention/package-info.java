/**
 * Retention (API.md §10): a clustered daily job that deletes, in batches, what the hub no longer needs to keep:
 * event payloads, notification timelines and data, tracking hits, settled provider callbacks, inbound texts, bounce
 * mails, finished pushes, workflow counts and call-offs, and resolved dead letters. Open dead letters and unfinished
 * work are never touched, and the {@code (source, id)} dedupe keys outlive their payloads so a late repeat is still a
 * duplicate.
 * <p>
 * Offers nothing to other features; it reads their tables by SQL alone.
 */
package com.coachway.hub.retention;
