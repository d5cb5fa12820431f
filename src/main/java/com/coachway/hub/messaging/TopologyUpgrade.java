package com.coachway.hub.messaging;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Queue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Brings queues that an earlier version declared with other arguments up to today's declaration. RabbitMQ refuses to
 * redeclare a queue with new arguments (406 PRECONDITION_FAILED), so such a queue is deleted and declared again, but
 * only when it is empty and nobody consumes it: a queue that still holds messages is never touched, and the start
 * fails with a sentence saying what to do. Runs on a connection of its own, before Spring's declarations.
 */
final class TopologyUpgrade {

    private static final Logger log = LoggerFactory.getLogger(TopologyUpgrade.class);
    private static final int PRECONDITION_FAILED = 406;

    private TopologyUpgrade() {
    }

    /** Declares each queue, upgrading the ones whose arguments changed; a broker that is away is left for later. */
    static void apply(ConnectionFactory factory, List<Queue> queues) {
        try (Connection connection = factory.newConnection("hub-topology-upgrade")) {
            for (Queue queue : queues) {
                if (!declares(connection, queue)) {
                    replace(connection, queue);
                }
            }
        } catch (IOException | TimeoutException e) {
            // the broker is away: Spring declares everything when it connects, and a mismatch then fails loudly
            log.warn("Topology not checked for upgrades, RabbitMQ is not reachable: {}", e.toString());
        }
    }

    private static boolean declares(Connection connection, Queue queue) throws IOException {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue.getName(), queue.isDurable(), queue.isExclusive(), queue.isAutoDelete(),
                    queue.getArguments());
            return true;
        } catch (IOException e) {
            if (preconditionFailed(e)) {
                return false;
            }
            throw e;
        } catch (TimeoutException | ShutdownSignalException e) {
            // a channel the 406 already closed cannot be closed again
            return !preconditionFailed(e);
        }
    }

    private static void replace(Connection connection, Queue queue) throws IOException {
        try (Channel channel = connection.createChannel()) {
            // if-unused and if-empty: the broker itself refuses to delete a queue that holds or serves anything
            channel.queueDelete(queue.getName(), true, true);
            channel.queueDeclare(queue.getName(), queue.isDurable(), queue.isExclusive(), queue.isAutoDelete(),
                    queue.getArguments());
            log.info("Queue {} redeclared with its new arguments {}", queue.getName(), queue.getArguments());
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            throw new IllegalStateException("Queue " + queue.getName() + " was declared by an earlier version with"
                    + " other arguments and cannot be upgraded while it holds messages or has consumers. Stop the"
                    + " other instances, let the previous version drain it (or move its messages away), then start"
                    + " again. RabbitMQ said: " + reason(e), e);
        }
    }

    private static boolean preconditionFailed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == PRECONDITION_FAILED) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close) {
                return close.getReplyText();
            }
        }
        return e.toString();
    }
}
