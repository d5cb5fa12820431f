package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import com.coachway.hub.support.TestInfrastructure;

/** The real application refuses to start on a broken routing table, and says which rule and line is wrong. */
class HubStartupTest {

    private final String schema = "t_startup_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @AfterEach
    void dropSchema() {
        TestInfrastructure.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    @Test
    void brokenRoutingTableStopsStartUp() throws IOException {
        Path table = dir.resolve("routing.yml");
        Files.writeString(table, """
                version: 1
                rules:
                  - id: trip-reminder
                    match: trip.reminder
                    actions:
                      - notify: {template: trip_reminder, to: client, channels: [sms], category: spam}
                """);

        assertThatThrownBy(() -> new SpringApplicationBuilder(HubApplication.class)
                .run("--server.port=0", "--hub.db.schema=" + schema, "--hub.routing.file=" + table)
                .close())
                .rootCause()
                .hasMessageContaining("line 6")
                .hasMessageContaining("rule 'trip-reminder'")
                .hasMessageContaining("unknown category 'spam'");
    }
}
