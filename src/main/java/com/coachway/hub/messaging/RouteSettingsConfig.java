package com.coachway.hub.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/** Hands every {@link RouteSettings} to Camel's properties before the routes are built. */
@Component
class RouteSettingsConfig implements CamelContextConfiguration {

    private final Map<String, String> settings = new HashMap<>();

    RouteSettingsConfig(List<RouteSettings> sources) {
        for (RouteSettings source : sources) {
            source.routeSettings().forEach((name, value) -> {
                if (!name.startsWith("route.")) {
                    throw new IllegalStateException("route setting '" + name + "' must start with 'route.'");
                }
                if (settings.put(name, String.valueOf(value)) != null) {
                    throw new IllegalStateException("route setting '" + name + "' is given twice");
                }
            });
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        settings.forEach(camel.getPropertiesComponent()::addInitialProperty);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // the routes read their settings as they are built
    }

    /** The settings as the routes see them (for the start log and tests). */
    Map<String, String> settings() {
        return Map.copyOf(settings);
    }
}
