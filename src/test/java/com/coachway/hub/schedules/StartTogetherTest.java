package com.coachway.hub.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coachway.hub.support.HubProcess;
import com.coachway.hub.support.TestInfrastructure;

/**
 * A first deployment with two replicas: two instances, each a JVM of its own, start at the same moment on a database
 * and a broker neither has used. Both start (the schema, the seed templates and the Quartz schedules are each written
 * once, by whichever comes first), and each schedule is stored once, with its trigger. A health check while they
 * start is answered without a WARN a route in their logs.
 */
class StartTogetherTest {

    private final String name = "t_together_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<HubProcess> instances = new ArrayList<>();

    @BeforeEach
    void freshVhost() {
        TestInfrastructure.createVhost(name);
    }

    @AfterEach
    void stopAndDrop() throws InterruptedException {
        for (HubProcess instance : instances) {
            instance.close();
        }
        TestInfrastructure.execute("DROP SCHEMA IF EXISTS \"" + name + "\" CASCADE");
        TestInfrastructure.deleteVhost(name);
    }

    @Test
    void twoInstancesStartingTogetherBothStartAndStoreEachScheduleOnce() throws Exception {
        List<String> settings = List.of("--hub.db.schema=" + name, "--spring.rabbitmq.virtual-host=" + name,
                "--hub.links.secret=together-test-secret", "--spring.datasource.hikari.maximum-pool-size=5");
        for (String instance : List.of("together-a", "together-b")) {
            instances.add(HubProcess.start(instance, settings));
        }

        for (HubProcess instance : instances) {
            instance.awaitHealthy(Duration.ofSeconds(120));
        }

        long schedules = quartzRoutes();
        assertThat(count("SELECT count(*) FROM qrtz_job_details")).isEqualTo(schedules);
        assertThat(count("SELECT count(*) FROM qrtz_triggers")).isEqualTo(schedules);
        assertThat(count("SELECT count(DISTINCT name) FROM templates")).isEqualTo(seedTemplates());
        assertThat(count("SELECT count(*) FROM template_versions")).as("one version of each seed").isEqualTo(
                seedTemplates());
        for (HubProcess instance : instances) {
            // awaitHealthy asked /actuator/health every 250 ms while the routes started: Camel's probes would log a
            // WARN for each route not started yet, some 480 lines an answer
            assertThat(instance.logLines().stream()
                    .filter(line -> line.contains(" WARN ") && line.contains("Probe in group")).toList())
                    .as("WARN lines of a health check answered during start").isEmpty();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                TestInfrastructure.jdbcUrl(TestInfrastructure.PG_HOST, TestInfrastructure.PG_PORT), "postgres", "");
                PreparedStatement schema = connection.prepareStatement("SELECT set_config('search_path', ?, false)");
                Statement statement = connection.createStatement()) {
            schema.setString(1, name);
            schema.execute();
            try (ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The schedules the routes declare: each a quartz: endpoint. */
    private static long quartzRoutes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            long found = 0;
            for (Path file : files.toList()) {
                found += Files.readAllLines(file).stream().filter(line -> line.contains("uri: \"quartz:")).count();
            }
            assertThat(found).as("quartz routes").isPositive();
            return found;
        }
    }

    private static long seedTemplates() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config", "templates"))) {
            return files.filter(file -> file.toString().endsWith(".yml")).count();
        }
    }
}
