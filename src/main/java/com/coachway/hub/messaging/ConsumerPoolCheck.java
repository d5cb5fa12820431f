package com.coachway.hub.messaging;

import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Warns at start when the consumers that hold a database connection through their step could take the whole pool. The
 * hub still runs, but under load a consumer (or an API request) waits for a connection, and after the pool's
 * connection-timeout its message fails and goes to a retry tier: slow, noisy, and easy to mistake for a database
 * outage. Raising a stage's consumers (the 8-core advice) without the pool is the usual way in.
 */
@Component
class ConsumerPoolCheck {

    private static final Logger log = LoggerFactory.getLogger(ConsumerPoolCheck.class);

    ConsumerPoolCheck(WorkConsumers consumers, DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            warning(consumers, hikari.getMaximumPoolSize()).ifPresent(log::warn);
        }
    }

    static Optional<String> warning(WorkConsumers consumers, int poolSize) {
        int holders = consumers.connectionHolders();
        if (holders < poolSize) {
            return Optional.empty();
        }
        return Optional.of(("%d consumers may each hold a database connection through their step (ingress, router, "
                + "leads and both notify lanes), and spring.datasource.hikari.maximum-pool-size is %d: under load "
                + "they and the API will wait for connections, and messages will fail into retries. Make the pool "
                + "larger than %d.").formatted(holders, poolSize, holders));
    }
}
