package com.coachway.hub.routing;

import java.util.List;

/**
 * Published inside the router's transaction when an event's plan pushes it somewhere, before its push messages are
 * queued: the push feature records each push as pending there, so ops can see a push that no destination has taken
 * yet (one whose destination is off, or whose circuit is open). A listener that fails rolls the routing back.
 *
 * @param destinations where the event is pushed (charter, vendor, change), each once
 * @param event the event as it is pushed, the CloudEvent unchanged
 */
public record PushesPlanned(List<String> destinations, String event) {
}
