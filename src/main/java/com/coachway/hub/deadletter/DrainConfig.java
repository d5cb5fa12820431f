package com.coachway.hub.deadletter;

import java.util.Map;

import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.retry.ImmediateRequeueMessageRecoverer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.interceptor.RetryOperationsInterceptor;

import com.coachway.hub.messaging.RouteSettings;
import com.coachway.hub.messaging.WorkQueues;

/**
 * The drain's consumer: which queues it empties, and what it does with a message it could not store (back on its
 * queue, never acknowledged away).
 */
@Configuration(proxyBeanMethods = false)
class DrainConfig {

    static final String QUEUES_PROPERTY = "route.deadletters.queues";

    /**
     * The drain's queue list ({@code {{route.deadletters.queues}}} in deadletters.camel.yaml), from WorkQueues: a new
     * work queue is drained without anybody editing a route.
     */
    @Bean
    RouteSettings drainedQueues() {
        return () -> Map.of(QUEUES_PROPERTY, String.join(",", WorkQueues.drained()));
    }

    /**
     * One try per delivery, then the message is requeued: the stateless default would log it and acknowledge it,
     * and a parked message would be gone. The pause between tries is the drain's own (see DeadLetterDrain).
     */
    @Bean
    RetryOperationsInterceptor drainRequeue() {
        return RetryInterceptorBuilder.stateless()
                .maxAttempts(1)
                .recoverer(new ImmediateRequeueMessageRecoverer())
                .build();
    }
}
