package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.coachway.hub.messaging.WorkConsumers.Stage;
import com.zaxxer.hikari.HikariDataSource;

class ConsumerPoolCheckTest {

    @Test
    void theShippedCountsLeaveTheApiRoomInTheShippedPool() {
        // ingress 2, router 4, leads 2, notify 4 per lane: 16 holders, and delivery's 24 consumers hold none for long
        WorkConsumers shipped = consumers(2, 4, 2, 4, 4);

        assertThat(shipped.connectionHolders()).isEqualTo(16);
        assertThat(ConsumerPoolCheck.warning(shipped, 20)).isEmpty();
    }

    @Test
    void consumersRaisedForEightCoresWithoutThePoolAreWarnedOf() {
        WorkConsumers eightCores = consumers(2, 8, 2, 8, 8);

        assertThat(ConsumerPoolCheck.warning(eightCores, 20)).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("28 consumers may each hold a database connection")
                .contains("spring.datasource.hikari.maximum-pool-size is 20").endsWith("larger than 28."));
        assertThat(ConsumerPoolCheck.warning(eightCores, 40)).isEmpty();
    }

    @Test
    void aPoolExactlyAsLargeAsTheHoldersLeavesNoneForTheApi() {
        assertThat(ConsumerPoolCheck.warning(consumers(2, 4, 2, 4, 4), 16)).isPresent();
        assertThat(ConsumerPoolCheck.warning(consumers(2, 4, 2, 4, 4), 17)).isEmpty();
    }

    @Test
    void theWarningIsLoggedAtStartWithTheHikariPoolsSize() {
        Logger logger = (Logger) LoggerFactory.getLogger(ConsumerPoolCheck.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (HikariDataSource pool = new HikariDataSource()) { // never connects: only its size is read
            pool.setMaximumPoolSize(10);
            new ConsumerPoolCheck(consumers(2, 4, 2, 4, 4), pool);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("16 consumers", "maximum-pool-size is 10");
        });
    }

    private static WorkConsumers consumers(int ingress, int router, int leads, int notify, int delivery) {
        return new WorkConsumers(new Stage(ingress, 20, true), new Stage(router, 20, true), new Stage(leads, 20, true),
                new Stage(notify, 20, true), new Stage(delivery, 1, true));
    }
}
