/**
 * Schedules: the clustered Quartz scheduler the hub's jobs ({@code routes/schedules.camel.yaml}) are stored in, made
 * safe for instances that start at the same moment.
 * <p>
 * Offers nothing to other features; camel-quartz finds its scheduler by name ({@code #clusteredScheduler}).
 */
package com.coachway.hub.schedules;
