package com.coachway.hub.messaging;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.springframework.stereotype.Component;

/**
 * Urgent work first, inside one instance. The urgent lanes have queues of their own, but on a busy machine their
 * consumers still share the CPU, the connection pool and the database with every bulk consumer, so a critical SMS
 * behind a campaign waits its turn for a core. While an urgent message is on its way (published by this instance, or
 * taken by one of its urgent consumers, within the last {@code urgentWindow}), each bulk consumer waits before it
 * starts its next message, for at most {@code bulkMaxWait} per message: bulk work is slowed while urgent work is
 * about, never stopped, and nothing changes for a message once it has started.
 */
@Component
public class UrgentFirst {

    private final long windowNanos;
    private final long maxWaitNanos;
    private final AtomicLong urgentUntil = new AtomicLong(System.nanoTime());

    public UrgentFirst(MessagingProperties messaging) {
        this.windowNanos = messaging.urgentWindow().toNanos();
        this.maxWaitNanos = messaging.bulkMaxWait().toNanos();
    }

    /** A message arrived at a work consumer: an urgent one opens the window, a bulk one waits for it to close. */
    public void arrived(boolean urgent) {
        if (urgent) {
            urgentSeen();
        } else {
            beforeBulk();
        }
    }

    /** An urgent message is on its way through this instance. */
    public void urgentSeen() {
        long until = System.nanoTime() + windowNanos;
        urgentUntil.accumulateAndGet(until, (current, proposed) -> proposed - current > 0 ? proposed : current);
    }

    /** Waits while urgent work is about, for at most the bulk wait. */
    void beforeBulk() {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (true) {
            long now = System.nanoTime();
            long until = urgentUntil.get();
            long wake = until - deadline > 0 ? deadline : until;
            if (wake - now <= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            LockSupport.parkNanos(wake - now);
        }
    }
}
