package com.coachway.hub.schedules;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.interceptor.NameMatchTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * The scheduler camel-quartz stores the hub's jobs with: Spring Boot's clustered one, with every call that reads or
 * writes jobs and triggers in a transaction of its own.
 * <p>
 * Quartz keeps instances apart with a row lock ({@code SELECT … FOR UPDATE} on {@code qrtz_locks}). Spring's job store
 * leaves transactions to Spring, so outside one the lock was taken on an auto-commit connection and let go at once:
 * two instances starting together both found a job missing, both stored it, and the second failed its start-up on a
 * duplicate key. Inside a transaction the lock holds until the job is stored; the second finds it there, which
 * camel-quartz expects of a cluster.
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
    Scheduler clusteredScheduler(Scheduler quartzScheduler, PlatformTransactionManager transactions, JdbcClient jdbc)
            throws SchedulerException {
        seedLocks(jdbc, quartzScheduler.getSchedulerName());
        NameMatchTransactionAttributeSource inTransaction = new NameMatchTransactionAttributeSource();
        for (String method : STORE_METHODS) {
            inTransaction.addTransactionalMethod(method, new DefaultTransactionAttribute());
        }
        ProxyFactory proxy = new ProxyFactory(quartzScheduler);
        proxy.addAdvice(new TransactionInterceptor(transactions, inTransaction));
        return (Scheduler) proxy.getProxy();
    }

    /**
     * A row lock needs its row. Quartz inserts a missing one when it first locks, and two instances doing that at
     * once on a new database fail the same way; so the rows are there before any instance schedules anything.
     */
    static void seedLocks(JdbcClient jdbc, String scheduler) {
        jdbc.sql("""
                INSERT INTO qrtz_locks (sched_name, lock_name) VALUES (:scheduler, 'TRIGGER_ACCESS'),
                (:scheduler, 'STATE_ACCESS') ON CONFLICT DO NOTHING""")
                .param("scheduler", scheduler)
                .update();
    }
}
