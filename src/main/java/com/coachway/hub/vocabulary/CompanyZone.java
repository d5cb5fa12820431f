package com.coachway.hub.vocabulary;

import java.time.ZoneId;

/**
 * The company's clock, {@code hub.leads.zone} (API.md §2b): the zone of a recipient who names no {@code timezone},
 * and the one whose midnight resets the agents' caps. The leads settings bind it; routing and rendering read it here,
 * so neither needs the leads feature.
 */
public interface CompanyZone {

    /** The company's zone. */
    ZoneId zone();
}
