package com.coachway.hub;

/**
 * The CloudEvents media types (CloudEvents JSON format, API.md §1), named once for every package that reads or
 * writes them: ingress, the router's work messages, outbound pushes and the API documents.
 */
public final class CloudEventsMedia {

    /** One event in structured mode. */
    public static final String STRUCTURED = "application/cloudevents+json";

    /** A JSON array of structured events. */
    public static final String BATCH = "application/cloudevents-batch+json";

    private CloudEventsMedia() {
    }
}
