package com.coachway.hub.messaging;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** AMQP header names the hub writes on its own messages. Nothing else from a caller is forwarded. */
public final class HubHeaders {

    /** How many times this message has failed so far (0 or absent on the first delivery). */
    public static final String ATTEMPT = "hub_attempt";
    /** ISO-8601 instant of the first failure. */
    public static final String FIRST_FAILURE = "hub_first_failure";
    /** ISO-8601 instant of the latest failure. */
    public static final String LAST_FAILURE = "hub_last_failure";
    /** Why the message was last retried or parked. */
    public static final String FAILURE_REASON = "hub_failure_reason";
    /** {@code transient} or {@code permanent}. */
    public static final String FAILURE_KIND = "hub_failure_kind";
    /** The exchange the message was first published to. */
    public static final String ORIGINAL_EXCHANGE = "hub_original_exchange";
    /** The routing key the message was first published with (the event type for {@code hub.events}). */
    public static final String ORIGINAL_ROUTING_KEY = "hub_original_routing_key";
    /** The work queue that failed to process the message. */
    public static final String ORIGINAL_QUEUE = "hub_original_queue";
    /** The provider's code for the last failure (Twilio {@code 30003}, {@code HTTP 503}), when it gave one. */
    public static final String PROVIDER_CODE = "hub_provider_code";

    /** The CloudEvent id the message is about; also set as the AMQP correlation id. */
    public static final String EVENT_ID = "hub_event_id";
    /** The CloudEvent source the message is about. */
    public static final String EVENT_SOURCE = "hub_event_source";
    /** The CloudEvent type the message is about. */
    public static final String EVENT_TYPE = "hub_event_type";
    /** The routing rule that produced a work message. */
    public static final String RULE = "hub_rule";
    /** The kind of work: {@code notify}, {@code cancel} (a call-off of waiting sends), {@code push} or {@code lead}. */
    public static final String ACTION = "hub_action";
    /** Push destination ({@code charter}, {@code vendor}, {@code change}). */
    public static final String DESTINATION = "hub_destination";
    /** Notification priority ({@code critical}, {@code high}, {@code normal}, {@code low}). */
    public static final String PRIORITY = "hub_priority";

    /** The notification a notify or delivery message is about. */
    public static final String NOTIFICATION_ID = "hub_notification_id";

    /** The API key an upstream publisher puts on messages sent to {@code hub.ingress}. */
    public static final String API_KEY = "api_key";

    /**
     * The source a message on {@code hub.ingress} was authenticated as, written when it is parked: its replay is
     * re-admitted under it, since the key itself is never kept. Set only by the hub, never read from a publisher.
     */
    public static final String AUTHENTICATED_SOURCE = "hub_authenticated_source";

    /** Headers that carry credentials, lower-case: never stored, parked, logged or shown. */
    public static final Set<String> CREDENTIALS = Set.of("api_key", "authorization", "x-api-key");

    /** Whether a header carries a credential. */
    public static boolean isCredential(String name) {
        return name != null && CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a header is Spring AMQP's own correlation of a publish with its return
     * ({@code spring_returned_message_correlation}, {@code spring_listener_return_correlation}): meaningless once the
     * message is parked, and written again by any new publish, so ops need not read it.
     */
    public static boolean isSpringCorrelation(String name) {
        return name != null && name.startsWith("spring_");
    }

    /** One header of a message as text, or null when it has none. */
    public static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }

    private HubHeaders() {
    }
}
