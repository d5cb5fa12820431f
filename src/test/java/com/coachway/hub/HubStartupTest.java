package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import com.coachway.hub.support.TestInfrastructure;

/**
 * The real application refuses to start on a broken routing table, an unsafe template, a broken schema or a missing
 * required setting, and says what is wrong where.
 */
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
                .run(args("--hub.routing.file=" + table))
                .close())
                .rootCause()
                .hasMessageContaining("line 6")
                .hasMessageContaining("rule 'trip-reminder'")
                .hasMessageContaining("unknown category 'spam'");
    }

    @Test
    void aTemplateThatUsesDataItsEventDoesNotGuaranteeStopsStartUp() throws IOException {
        Path table = dir.resolve("routing.yml");
        Files.writeString(table, """
                rules:
                  - id: charter-confirmed
                    match: charter.confirmed
                    actions:
                      - notify: {template: charter_confirmed, to: client, channels: [sms]}
                """);
        Path seeds = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(seeds.resolve("charter_confirmed.yml"), """
                category: transactional
                sms:
                  text: "Charter #{{ charter_id }} leaves {{ trip.date }}"
                """);

        assertThatThrownBy(() -> new SpringApplicationBuilder(HubApplication.class)
                .run(args("--hub.routing.file=" + table, "--hub.templates.seed-dir=" + seeds))
                .close())
                .hasMessageContaining("template 'charter_confirmed', channel sms: variable 'trip.date'")
                .hasMessageContaining("event type charter.confirmed");
    }

    @Test
    void aBrokenSchemaFileStopsStartUpNamingIt() throws IOException {
        Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("trip.delayed.json"), "{\"type\": \"object\",");

        assertThatThrownBy(() -> new SpringApplicationBuilder(HubApplication.class)
                .run(args("--hub.schemas.dir=" + schemas))
                .close())
                .rootCause()
                .hasMessageContaining("trip.delayed.json");
    }

    @Test
    void requiredSettingsAreNamedWhenMissing() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(HubApplication.class)
                .run("--server.port=0", "--hub.db.schema=" + schema, "--hub.mail.sandbox=true")
                .close())
                .rootCause()
                .hasMessageContaining("hub.links.secret");
        assertThatThrownBy(() -> new SpringApplicationBuilder(HubApplication.class)
                .run("--server.port=0", "--hub.db.schema=" + schema, "--hub.links.secret=startup-test-secret",
                        "--hub.mail.sandbox=false", "--hub.mail.postal-address=")
                .close())
                .hasStackTraceContaining("hub.mail.postal-address is required");
    }

    private String[] args(String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--hub.db.schema=" + schema,
                "--hub.links.secret=startup-test-secret", "--hub.mail.sandbox=true"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
