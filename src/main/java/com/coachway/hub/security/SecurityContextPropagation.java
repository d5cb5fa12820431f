package com.coachway.hub.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * Camel's platform-http serves each request on Spring's task executor, not on the servlet thread that authenticated
 * it. This decorator carries the caller's security context across, so routes know who is calling.
 */
@Configuration(proxyBeanMethods = false)
class SecurityContextPropagation {

    @Bean
    TaskDecorator securityContextTaskDecorator() {
        return DelegatingSecurityContextRunnable::new;
    }
}
