/**
 * Shared HTTP plumbing: the problem+json answers of the Camel REST routes, binding and validating request bodies, body
 * size limits, the OpenAPI path.
 * <p>
 * Offers: {@code HttpReply} and {@code ProblemReplies} (what a REST route answers), {@code RequestBodies},
 * {@code JsonBodies}, {@code FormBodies} and {@code QueryParams} (reading a request), and {@code PublicUrls} (the
 * hub's public links).
 */
package com.coachway.hub.http;
