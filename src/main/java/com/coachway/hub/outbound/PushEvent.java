package com.coachway.hub.outbound;

import java.time.Instant;

/**
 * What a push needs to know of the CloudEvent it carries.
 *
 * @param id CloudEvent id (the Idempotency-Key)
 * @param source CloudEvent source
 * @param type CloudEvent type
 * @param subject CloudEvent subject, or null (then no ordering applies)
 * @param time CloudEvent time, or null (then no ordering applies)
 * @param body the event exactly as it is pushed
 */
record PushEvent(String id, String source, String type, String subject, Instant time, byte[] body) {

    boolean ordered() {
        return subject != null && time != null;
    }
}
