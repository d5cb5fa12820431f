/**
 * Shared HTTP plumbing: the problem+json answers of the Camel REST routes, binding and validating request bodies, body
 * size limits, the OpenAPI path.
 * <p>
 * Offers: {@code HttpReply} and {@code ProblemReplies} (what a REST route answers), {@code RequestBodies},
 * {@code JsonBodies}, {@code FormBodies} and {@code QueryParams} (reading a request), {@code PublicUrls} (the hub's
 * public links) and {@code HttpUrls} (the check of a configured base URL).
 */
package com.coachway.hub.http;
