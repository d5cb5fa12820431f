package com.coachway.hub.replies;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reply settings under {@code hub.replies}.
 *
 * @param forwardTo who reads what customers text back
 */
@ConfigurationProperties("hub.replies")
record RepliesProperties(@DefaultValue ForwardTo forwardTo) {

    /**
     * The customer care inbox.
     *
     * @param name display name
     * @param email email address, or empty: replies are then only kept and listed
     */
    record ForwardTo(@DefaultValue("CoachWay customer care") String name, String email) {

        boolean isSet() {
            return email != null && !email.isBlank();
        }
    }
}
