package com.coachway.hub.templates;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The clock of a recipient who names no {@code timezone}: {@code hub.leads.zone} (API.md §2b), read here too so
 * rendering need not know the leads feature.
 *
 * @param zone the company's zone
 */
@ConfigurationProperties("hub.leads")
record CompanyZone(@DefaultValue("America/New_York") ZoneId zone) {
}
