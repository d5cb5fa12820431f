/** Shared HTTP plumbing: the problem+json answers of the Camel REST routes, body size limits, the OpenAPI path. */
package com.coachway.hub.http;
