package com.coachway.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.coachway.hub.delivery.NotificationStore;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** While the database is away the gauges say they do not know (NaN), never a reassuring zero. */
class OpsGaugesAwayTest {

    @Test
    void aDatabaseThatCannotBeReachedGivesNaNNotZero() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        JdbcClient away = JdbcClient.create(new DriverManagerDataSource(
                "jdbc:postgresql://127.0.0.1:1/hub?connectTimeout=1", "postgres", ""));
        new OpsGauges(away, new NotificationStore(away, new ObjectMapper(), null), meters);

        assertThat(meters.get("hub.dead_letters.parked").tag("queue", "q.deliver.sms").gauge().value()).isNaN();
        assertThat(meters.get("hub.callbacks.set_aside").gauge().value()).isNaN();
        assertThat(meters.get("hub.scheduled.overdue").gauge().value()).isNaN();
    }
}
