package com.coachway.hub.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the whole RabbitMQ topology of DESIGN.md. Spring's RabbitAdmin declares it on every (re)connect, so a
 * broker that lost its definitions gets them back before the first message flows. Camel endpoints never declare.
 */
@Configuration(proxyBeanMethods = false)
class HubTopology {

    @Bean
    Declarables hubDeclarables(MessagingProperties messaging, RetryProperties retry,
            AbstractConnectionFactory connections) {
        List<Declarable> all = declarables(messaging.queueType(), retry.delays());
        // queues an earlier version declared with other arguments are brought up to date before Spring declares
        TopologyUpgrade.apply(connections.getRabbitConnectionFactory(),
                all.stream().filter(Queue.class::isInstance).map(Queue.class::cast).toList());
        return new Declarables(all);
    }

    static List<Declarable> declarables(QueueType type, List<Duration> retryDelays) {
        List<Declarable> all = new ArrayList<>();

        FanoutExchange unrouted = ExchangeBuilder.fanoutExchange(WorkQueues.UNROUTED_EXCHANGE).durable(true).build();
        TopicExchange ingress = withAlternate(ExchangeBuilder.topicExchange(WorkQueues.INGRESS_EXCHANGE));
        TopicExchange events = withAlternate(ExchangeBuilder.topicExchange(WorkQueues.EVENTS_EXCHANGE));
        DirectExchange work = withAlternate(ExchangeBuilder.directExchange(WorkQueues.WORK_EXCHANGE));
        DirectExchange retry = withAlternate(ExchangeBuilder.directExchange(WorkQueues.RETRY_EXCHANGE));
        DirectExchange parking = withAlternate(ExchangeBuilder.directExchange(WorkQueues.PARKING_EXCHANGE));
        FanoutExchange lastResort = ExchangeBuilder.fanoutExchange(WorkQueues.LAST_RESORT_EXCHANGE).durable(true)
                .build();
        all.addAll(List.of(unrouted, ingress, events, work, retry, parking, lastResort));

        Queue lastResortQueue = queue(WorkQueues.LAST_RESORT, type).build();
        all.add(lastResortQueue);
        all.add(BindingBuilder.bind(lastResortQueue).to(lastResort));

        Queue unroutedQueue = drained(WorkQueues.UNROUTED, type);
        all.add(unroutedQueue);
        all.add(BindingBuilder.bind(unroutedQueue).to(unrouted));

        for (String name : WorkQueues.ALL) {
            Queue workQueue = queue(name, type)
                    .deadLetterExchange(WorkQueues.PARKING_EXCHANGE)
                    .deadLetterRoutingKey(WorkQueues.parked(name))
                    .build();
            all.add(workQueue);
            all.add(BindingBuilder.bind(workQueue).to(work).with(name));

            for (int tier = 1; tier <= retryDelays.size(); tier++) {
                Queue retryQueue = queue(WorkQueues.retry(name, tier), type)
                        .ttl(Math.toIntExact(retryDelays.get(tier - 1).toMillis()))
                        .deadLetterExchange(WorkQueues.WORK_EXCHANGE)
                        .deadLetterRoutingKey(name)
                        .build();
                all.add(retryQueue);
                all.add(BindingBuilder.bind(retryQueue).to(retry).with(retryQueue.getName()));
            }

            Queue parkedQueue = drained(WorkQueues.parked(name), type);
            all.add(parkedQueue);
            all.add(BindingBuilder.bind(parkedQueue).to(parking).with(parkedQueue.getName()));
        }

        // Upstream publishers talk to hub.ingress; the router listens to everything accepted.
        all.add(bindAll(WorkQueues.INGRESS, ingress));
        all.add(bindAll(WorkQueues.ROUTER, events));
        return all;
    }

    private static <E extends Exchange> E withAlternate(ExchangeBuilder builder) {
        return builder.durable(true).alternate(WorkQueues.UNROUTED_EXCHANGE).build();
    }

    /** A queue the dead-letter drain empties; what it cannot keep goes on to the last-resort queue. */
    private static Queue drained(String name, QueueType type) {
        return queue(name, type).deadLetterExchange(WorkQueues.LAST_RESORT_EXCHANGE).build();
    }

    private static QueueBuilder queue(String name, QueueType type) {
        QueueBuilder builder = QueueBuilder.durable(name);
        if (type == QueueType.QUORUM) {
            // at-least-once dead-lettering so a message moving between tiers cannot be lost (needs reject-publish)
            builder.quorum().overflow(QueueBuilder.Overflow.rejectPublish).withArgument("x-dead-letter-strategy",
                    "at-least-once");
        }
        return builder;
    }

    private static Binding bindAll(String queueName, TopicExchange exchange) {
        return new Binding(queueName, Binding.DestinationType.QUEUE, exchange.getName(), "#", null);
    }
}
