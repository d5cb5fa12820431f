/**
 * The hub's machine-readable descriptions: OpenAPI 3.0.3 for the HTTP API, generated from the REST DSL
 * ({@code routes/rest.camel.yaml}) and the records each operation binds to, and AsyncAPI 3.0 for the AMQP side, built
 * from the broker topology and the event types the routing table pushes. Both are served under {@code /api/} and
 * committed as snapshots in {@code src/main/resources/openapi/} and {@code asyncapi/}, from which clients are
 * generated.
 * <p>
 * Reads the other features' records and schemas; nothing depends on it.
 */
package com.coachway.hub.apidocs;
