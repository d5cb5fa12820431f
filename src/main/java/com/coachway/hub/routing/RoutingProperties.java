package com.coachway.hub.routing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.settings.PositiveDuration;

/**
 * Routing settings under {@code hub.routing}.
 *
 * @param file the routing table
 * @param reloadInterval how often the file is checked for changes (ops edit it without a rebuild or restart)
 */
@Validated
@ConfigurationProperties("hub.routing")
record RoutingProperties(@DefaultValue("config/routing.yml") Path file,
        @DefaultValue("PT10S") @PositiveDuration Duration reloadInterval) implements RouteSettings {

    @Override
    public Map<String, Object> routeSettings() {
        return Map.of("route.routing.reload-ms", reloadInterval.toMillis());
    }
}
