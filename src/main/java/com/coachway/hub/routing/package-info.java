/**
 * Content-based routing: the routing table ({@code config/routing.yml}) as data, its strict parser, and the router
 * that turns each accepted event into work messages for {@code q.notify}, {@code q.leads} and
 * {@code q.outbound.<destination>}, once per event.
 */
package com.coachway.hub.routing;
