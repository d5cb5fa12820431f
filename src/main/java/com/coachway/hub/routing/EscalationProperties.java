package com.coachway.hub.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;

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

        boolean addressable() {
            return name != null && !name.isBlank()
                    && (phone != null && !phone.isBlank() || email != null && !email.isBlank());
        }
    }

    /** The duty manager, when one is configured with a name and an address. */
    public Manager dutyManager() {
        return manager != null && manager.addressable() ? manager : null;
    }
}
