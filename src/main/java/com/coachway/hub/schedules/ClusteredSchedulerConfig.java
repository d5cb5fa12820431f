package com.coachway.hub.schedules;

import java.util.List;

import org.quartz.Scheduler;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.NameMatchTransactionAttributeSource;
import org.springframework.transaction.interceptor.RollbackRuleAttribute;
import org.springframework.transaction.interceptor.RuleBasedTransactionAttribute;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * The scheduler camel-quartz stores the hub's jobs with: Spring Boot's clustered one, with every call that reads or
 * writes jobs and triggers in a transaction of its own.
 * <p>
 * Quartz keeps instances apart with a row lock ({@code SELECT … FOR UPDATE} on {@code qrtz_locks}). Spring's job store
 * leaves transactions to Spring, so outside one the lock was taken on an auto-commit connection and let go at once:
 * two instances starting together both found a job missing, both stored it, and the second failed its start-up on a
 * duplicate key. Inside a transaction the lock holds until the job is stored; the second finds it there, which
 * camel-quartz expects of a cluster. (On a new database the lock's row is missing; Quartz inserts it, and the loser of
 * that race rolls back and locks the winner's row.)
 */
@Configuration(proxyBeanMethods = false)
class ClusteredSchedulerConfig {

    // the Scheduler methods that go to the job store
    private static final String[] STORE_METHODS = {"*Job", "*Jobs", "*Trigger", "*Triggers", "checkExists", "clear"};

    /**
     * Not an autowiring candidate: Spring Boot's scheduler stays the one injected by type (the actuator's), and
     * camel-quartz asks for this one by name.
     */
    @Bean(autowireCandidate = false)
    Scheduler clusteredScheduler(Scheduler quartzScheduler, PlatformTransactionManager transactions) {
        // Quartz's failures are checked SchedulerExceptions: roll back on those too, or a job stored without its
        // trigger would commit
        RuleBasedTransactionAttribute allOrNothing = new RuleBasedTransactionAttribute(
                TransactionDefinition.PROPAGATION_REQUIRED, List.of(new RollbackRuleAttribute(Exception.class)));
        NameMatchTransactionAttributeSource inTransaction = new NameMatchTransactionAttributeSource();
        for (String method : STORE_METHODS) {
            inTransaction.addTransactionalMethod(method, allOrNothing);
        }
        ProxyFactory proxy = new ProxyFactory(quartzScheduler);
        proxy.addAdvice(new TransactionInterceptor(transactions, inTransaction));
        return (Scheduler) proxy.getProxy();
    }
}
