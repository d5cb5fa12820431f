package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Status;

/** Ops change the table without a rebuild; a broken edit never replaces a working table. */
class RoutingTableHolderTest {

    private static final String ONE_RULE = """
            rules:
              - id: first
                match: a.b
                actions: [{push: vendor}]
            """;

    @TempDir
    Path dir;

    @Test
    void aBrokenFileStopsStartUpNamingRuleAndLine() throws IOException {
        Path file = write("""
                rules:
                  - id: charter-confirmed
                    match: charter.confirmed
                    actions:
                      - notify: {template: charter_confirmed, to: client, channels: [pigeon]}
                """);

        assertThatThrownBy(() -> holder(file))
                .isInstanceOf(RoutingTableException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 5")
                .hasMessageContaining("rule 'charter-confirmed'")
                .hasMessageContaining("unknown channel 'pigeon'");
    }

    @Test
    void aMissingFileStopsStartUp() {
        assertThatThrownBy(() -> holder(dir.resolve("nope.yml")))
                .isInstanceOf(RoutingTableException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void anEditIsPickedUpAndABrokenEditIsRefused() throws IOException {
        Path file = write(ONE_RULE);
        RoutingTableHolder holder = holder(file);
        assertThat(holder.table().rules()).extracting(RoutingRule::id).containsExactly("first");

        Files.writeString(file, ONE_RULE + """
                  - id: second
                    match: c.d
                    actions: [{lead: {}}]
                """);
        holder.reloadIfChanged();
        assertThat(holder.table().rules()).extracting(RoutingRule::id).containsExactly("first", "second");
        assertThat(holder.health().getDetails()).doesNotContainKey("refusedEdit");

        Files.writeString(file, "rules:\n  - id: third\n    match: e\n    actions: [{push: moon}]\n");
        holder.reloadIfChanged();
        assertThat(holder.table().rules()).extracting(RoutingRule::id).containsExactly("first", "second");
        assertThat(holder.health().getStatus()).isEqualTo(Status.UP);
        assertThat(holder.health().getDetails().get("refusedEdit").toString()).contains("line 4", "moon");

        Files.writeString(file, ONE_RULE);
        holder.reloadIfChanged();
        assertThat(holder.table().rules()).extracting(RoutingRule::id).containsExactly("first");
        assertThat(holder.health().getDetails()).doesNotContainKey("refusedEdit");

        // a broken edit taken back: the file is the table in force again, and nothing is refused any more
        Files.writeString(file, "rules: [");
        holder.reloadIfChanged();
        assertThat(holder.health().getDetails()).containsKey("refusedEdit");
        Files.writeString(file, ONE_RULE);
        holder.reloadIfChanged();
        assertThat(holder.health().getDetails()).doesNotContainKey("refusedEdit");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("routing.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void anEditAnotherFeatureRefusesIsNotPutInForce() throws IOException {
        Path file = write(ONE_RULE);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("check", (RoutingTableCheck) routes -> routes.stream()
                .filter(route -> "unsafe".equals(route.template()))
                .map(route -> "template 'unsafe', channel sms: variable 'trip.date' is neither required nor guarded")
                .toList());
        RoutingTableHolder holder = new RoutingTableHolder(new RoutingProperties(file, Duration.ofSeconds(1)),
                beans.getBeanProvider(RoutingTableCheck.class));

        Files.writeString(file, ONE_RULE + """
                  - id: second
                    match: c.d
                    actions: [{notify: {template: unsafe, to: client, channels: [sms]}}]
                """);
        holder.reloadIfChanged();

        assertThat(holder.table().rules()).extracting(RoutingRule::id).containsExactly("first");
        assertThat(holder.health().getDetails().get("refusedEdit").toString())
                .contains("template 'unsafe'", "trip.date");
        assertThat(holder.current()).isEmpty();
    }

    private static RoutingTableHolder holder(Path file) {
        return new RoutingTableHolder(new RoutingProperties(file, Duration.ofSeconds(1)),
                new StaticListableBeanFactory().getBeanProvider(RoutingTableCheck.class));
    }
}
