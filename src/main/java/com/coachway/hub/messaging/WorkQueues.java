package com.coachway.hub.messaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Names of the hub's exchanges and queues. Every work queue {@code q.<name>} has retry tiers
 * {@code q.<name>.retry.<n>} and a parking queue {@code q.<name>.parked}.
 */
public final class WorkQueues {

    public static final String INGRESS_EXCHANGE = "hub.ingress";
    public static final String EVENTS_EXCHANGE = "hub.events";
    public static final String WORK_EXCHANGE = "hub.work";
    public static final String RETRY_EXCHANGE = "hub.retry";
    public static final String PARKING_EXCHANGE = "hub.parking";
    public static final String UNROUTED_EXCHANGE = "hub.unrouted";
    public static final String LAST_RESORT_EXCHANGE = "hub.last-resort";

    /** Everything no binding wanted ends up here instead of being dropped by the broker. */
    public static final String UNROUTED = "q.unrouted";

    /**
     * Where the broker sends what a parking queue (or {@code q.unrouted}) gives up on, e.g. a message rejected by a
     * drain that failed in a way it did not foresee. The drain empties it like the others: the park path never drops.
     */
    public static final String LAST_RESORT = "q.last-resort";

    public static final String INGRESS = "q.ingress";
    public static final String ROUTER = "q.router";
    public static final String LEADS = "q.leads";
    public static final String NOTIFY = "q.notify";
    public static final String DELIVER_SMS = "q.deliver.sms";
    public static final String DELIVER_WHATSAPP = "q.deliver.whatsapp";
    public static final String DELIVER_EMAIL = "q.deliver.email";

    /**
     * Urgent lanes: critical and high notifications travel on queues of their own, so they never wait behind a
     * backlog of bulk messages (this holds for classic and quorum queues alike, which share no priority feature).
     */
    public static final String URGENT_SUFFIX = ".urgent";
    public static final String NOTIFY_URGENT = NOTIFY + URGENT_SUFFIX;
    public static final String DELIVER_SMS_URGENT = DELIVER_SMS + URGENT_SUFFIX;
    public static final String DELIVER_WHATSAPP_URGENT = DELIVER_WHATSAPP + URGENT_SUFFIX;
    public static final String DELIVER_EMAIL_URGENT = DELIVER_EMAIL + URGENT_SUFFIX;
    public static final String OUTBOUND_CHARTER = "q.outbound.charter";
    public static final String OUTBOUND_VENDOR = "q.outbound.vendor";
    public static final String OUTBOUND_CHANGE = "q.outbound.change";

    /** Every work queue, in the order the flows run. */
    public static final List<String> ALL = List.of(INGRESS, ROUTER, LEADS, NOTIFY, NOTIFY_URGENT, DELIVER_SMS,
            DELIVER_SMS_URGENT, DELIVER_WHATSAPP, DELIVER_WHATSAPP_URGENT, DELIVER_EMAIL, DELIVER_EMAIL_URGENT,
            OUTBOUND_CHARTER, OUTBOUND_VENDOR, OUTBOUND_CHANGE);

    private WorkQueues() {
    }

    /** Every queue the dead-letter drain empties: each parking queue, {@code q.unrouted} and {@code q.last-resort}. */
    public static List<String> drained() {
        List<String> queues = new ArrayList<>(ALL.stream().map(WorkQueues::parked).toList());
        queues.add(UNROUTED);
        queues.add(LAST_RESORT);
        return List.copyOf(queues);
    }

    /** The work queue that pushes to a downstream system, e.g. {@code q.outbound.vendor}. */
    public static String outbound(String destination) {
        return "q.outbound." + destination;
    }

    /** The destination a {@code q.outbound.<destination>} queue pushes to. */
    public static String outboundDestination(String queue) {
        String prefix = outbound("");
        if (queue == null || !queue.startsWith(prefix) || queue.length() == prefix.length()) {
            throw new IllegalArgumentException("not an outbound queue: " + queue);
        }
        return queue.substring(prefix.length());
    }

    /** The notify queue of a priority: the urgent lane for critical and high. */
    public static String notify(boolean urgent) {
        return urgent ? NOTIFY_URGENT : NOTIFY;
    }

    /** The delivery queue of a channel and priority, e.g. {@code q.deliver.sms.urgent}. */
    public static String deliver(String channel, boolean urgent) {
        return "q.deliver." + channel + (urgent ? URGENT_SUFFIX : "");
    }

    /** The retry tier {@code tier} (1-based) of a work queue. */
    public static String retry(String workQueue, int tier) {
        return workQueue + ".retry." + tier;
    }

    /** The parking queue of a work queue. */
    public static String parked(String workQueue) {
        return workQueue + ".parked";
    }
}
