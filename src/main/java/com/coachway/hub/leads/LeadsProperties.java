package com.coachway.hub.leads;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.settings.PositiveDuration;
import com.coachway.hub.vocabulary.CompanyZone;
import com.coachway.hub.vocabulary.DurationWords;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * Lead settings under {@code hub.leads}.
 *
 * @param zone the company's zone ({@link CompanyZone}): its midnight resets the agents' daily caps, a trip date may not
 *            precede its today, and a recipient who names no timezone reads times on its clock
 * @param contactSla how long a lead may stay {@code new} before it is reassigned (once)
 * @param highValuePassengers above this many passengers the agent is also told by SMS
 * @param opsContact who hears about a lead no agent could take
 * @param slaCheckInterval how often leads past their contact SLA are looked for (once per cluster)
 */
@Validated
@ConfigurationProperties("hub.leads")
record LeadsProperties(@DefaultValue("America/New_York") ZoneId zone,
        @DefaultValue("PT30M") @PositiveDuration Duration contactSla,
        @DefaultValue("40") @PositiveOrZero int highValuePassengers, @DefaultValue OpsContact opsContact,
        @DefaultValue("PT1M") @PositiveDuration Duration slaCheckInterval) implements RouteSettings, CompanyZone {

    /**
     * The contact SLA as the agent reads it ("30 minutes", "1 hour 30 minutes"): what the assignment notice asks for
     * is what the SLA job holds them to.
     */
    String contactWithin() {
        return DurationWords.of(contactSla);
    }

    @Override
    public Map<String, Object> routeSettings() {
        return Map.of("route.leads.sla-check-ms", slaCheckInterval.toMillis(), "route.leads.zone", zone.getId());
    }

    /**
     * The ops contact for lead alerts.
     *
     * @param name display name
     * @param email email address, or empty
     * @param phone phone number, or empty
     */
    public record OpsContact(@DefaultValue("CoachWay sales ops") String name, String email, String phone) {

        boolean isSet() {
            return (email != null && !email.isBlank()) || (phone != null && !phone.isBlank());
        }
    }
}
