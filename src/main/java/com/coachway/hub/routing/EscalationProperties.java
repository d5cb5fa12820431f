package com.coachway.hub.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Escalation settings under {@code hub.escalation}.
 *
 * @param manager the duty manager: who gets a {@code dispatch.recovery.escalated} that names no {@code manager}
 */
@ConfigurationProperties("hub.escalation")
record EscalationProperties(Manager manager) {

    /**
     * @param name shown in the message
     * @param phone for SMS
     * @param email for email
     */
    public record Manager(String name, String phone, String email) {

        /**
         * Half a duty manager is refused at start, naming what is missing: ignored, it would leave every escalation
         * without a manager of its own reaching nobody.
         */
        public Manager {
            boolean named = StringUtils.hasText(name);
            boolean reachable = StringUtils.hasText(phone) || StringUtils.hasText(email);
            if (named != reachable) {
                throw new IllegalArgumentException(named
                        ? "hub.escalation.manager has a name but neither phone nor email: set one, or unset the name"
                        : "hub.escalation.manager has a phone or email but no name: set "
                                + "hub.escalation.manager.name (the messages greet the manager by it)");
            }
        }

        boolean addressable() {
            return StringUtils.hasText(name);
        }
    }

    /** The duty manager, when one is configured. */
    public Manager dutyManager() {
        return manager != null && manager.addressable() ? manager : null;
    }
}
