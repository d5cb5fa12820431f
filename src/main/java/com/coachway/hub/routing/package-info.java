/**
 * Content-based routing: the routing table ({@code config/routing.yml}) as data, its strict parser, and the router
 * that turns each accepted event into work messages for {@code q.notify}, {@code q.leads} and
 * {@code q.outbound.<destination>}, once per event.
 * <p>
 * Offers: {@code NotifyRoutes} (the rules in force, for checks elsewhere), {@code LeadRoutes} (which events become
 * leads, for the check at intake), {@code RoutingTableCheck}, which other features implement to refuse a table they
 * could not serve, {@code PushedTypes} (what each destination is sent, for the AsyncAPI description), and the event
 * {@code PushesPlanned}, published inside the routing transaction before an event's pushes are queued.
 */
package com.coachway.hub.routing;
