package com.coachway.hub.deadletter;

import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.retry.ImmediateRequeueMessageRecoverer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.interceptor.RetryOperationsInterceptor;

/** How the drain's consumer treats a message it could not store: back on its queue, never acknowledged away. */
@Configuration(proxyBeanMethods = false)
class DrainConfig {

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
