package com.coachway.hub.messaging;

import java.util.Map;

/**
 * What a feature's typed settings tell its YAML routes. The routes read these as {@code {{route.…}}} placeholders and
 * never carry a default of their own; a {@code Duration} arrives as the milliseconds an endpoint option wants. Every
 * configuration record whose keys a route needs implements this, so a setting is read one way only.
 */
public interface RouteSettings {

    /** Placeholder names ({@code route.<feature>.<name>}) and their values. */
    Map<String, Object> routeSettings();
}
