package com.coachway.hub.routing;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The zone of a timed send whose recipient names none: {@code hub.leads.zone} (API.md §2b), read here too so the
 * router need not know the leads feature.
 *
 * @param zone the company's zone
 */
@ConfigurationProperties("hub.leads")
record WorkflowProperties(@DefaultValue("America/New_York") ZoneId zone) {
}
