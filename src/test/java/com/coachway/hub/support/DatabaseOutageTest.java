package com.coachway.hub.support;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

/** The hub reaching PostgreSQL through a TCP proxy the test can cut and restore, to stage a database outage. */
public abstract class DatabaseOutageTest extends HubIntegrationTest {

    protected static final TcpProxy DATABASE = new TcpProxy(TestInfrastructure.PG_HOST, TestInfrastructure.PG_PORT);

    @Autowired
    protected MeterRegistry meters;

    @DynamicPropertySource
    static void databaseThroughProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestInfrastructure.jdbcUrl("127.0.0.1", DATABASE.port()));
    }

    // restored, never closed: the Spring context closes after this class and must find its servers reachable
    @AfterEach
    void restoreTheDatabase() {
        DATABASE.restore();
    }

    /** The count of a counter the hub keeps, 0 before its first increment. */
    protected double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
