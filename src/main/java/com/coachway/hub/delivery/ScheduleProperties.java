package com.coachway.hub.delivery;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.settings.PositiveDuration;

/**
 * The delivery schedules under {@code hub.schedules}; both run on the clustered Quartz store, once per cluster.
 *
 * @param dueSendsInterval how often notifications whose send time has come are handed over
 * @param reconcileInterval how often the reconciler looks for notifications that stopped moving
 */
@Validated
@ConfigurationProperties("hub.schedules")
record ScheduleProperties(@DefaultValue("PT5S") @PositiveDuration Duration dueSendsInterval,
        @DefaultValue("PT30S") @PositiveDuration Duration reconcileInterval) implements RouteSettings {

    @Override
    public Map<String, Object> routeSettings() {
        return Map.of("route.schedules.due-sends-ms", dueSendsInterval.toMillis(),
                "route.schedules.reconcile-ms", reconcileInterval.toMillis());
    }
}
