package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;

class WorkConsumersTest {

    static final Map<String, String> EVERY_STAGE = Map.of("hub.ingress.consumers", "2", "hub.ingress.prefetch", "20",
            "hub.router.consumers", "4", "hub.router.prefetch", "20", "hub.leads.consumers", "2",
            "hub.leads.prefetch", "20", "hub.notify.consumers", "4", "hub.notify.prefetch", "20",
            "hub.delivery.consumers", "4", "hub.delivery.prefetch", "1");

    @Test
    void theShippedConfigurationGivesEveryStageItsConsumersAndPrefetch() throws IOException {
        Binder shipped = new Binder(ConfigurationPropertySources.from(
                new YamlPropertySourceLoader().load("shipped", new FileSystemResource("config/application.yml"))));

        WorkConsumers consumers = shipped.bind("hub", WorkConsumers.class).get();

        assertThat(consumers.routeSettings()).hasSize(15).contains(entry("route.router.consumers", 4),
                entry("route.notify.consumers", 4), entry("route.notify.prefetch", 20),
                entry("route.delivery.consumers", 4), entry("route.delivery.prefetch", 1),
                entry("route.ingress.auto-startup", true), entry("route.leads.auto-startup", true));
    }

    @Test
    void notifyIsBoundThoughJavaReservesTheName() {
        WorkConsumers consumers = bind(with("hub.notify.consumers", "7", "hub.notify.prefetch", "30",
                "hub.notify.auto-startup", "false"));

        assertThat(consumers.notifier()).isEqualTo(new WorkConsumers.Stage(7, 30, false));
        assertThat(consumers.routeSettings()).contains(entry("route.notify.consumers", 7),
                entry("route.notify.prefetch", 30), entry("route.notify.auto-startup", false));
    }

    @Test
    void aCountOutOfRangeStopsTheStartAndNamesTheKey() {
        assertThatThrownBy(() -> bind(with("hub.delivery.prefetch", "0"))).isInstanceOf(BindException.class)
                .rootCause().hasMessage("hub.delivery.prefetch must be between 1 and 1000, not 0");
        assertThatThrownBy(() -> bind(with("hub.router.prefetch", "100000"))).rootCause()
                .hasMessage("hub.router.prefetch must be between 1 and 1000, not 100000");
        assertThatThrownBy(() -> bind(with("hub.leads.consumers", "65"))).rootCause()
                .hasMessage("hub.leads.consumers must be between 1 and 64, not 65");
        assertThatThrownBy(() -> bind(with("hub.ingress.consumers", "-1"))).rootCause()
                .hasMessage("hub.ingress.consumers must be between 1 and 64, not -1");
    }

    @Test
    void aStageLeftOutIsAnErrorNotAZeroConsumerQueue() {
        Map<String, String> withoutRouter = new HashMap<>(EVERY_STAGE);
        withoutRouter.remove("hub.router.consumers");

        assertThatThrownBy(() -> bind(withoutRouter)).rootCause()
                .hasMessage("hub.router.consumers must be between 1 and 64, not 0");
    }

    @Test
    void aTextWhereANumberBelongsIsRefused() {
        assertThatThrownBy(() -> bind(with("hub.delivery.prefetch", "lots"))).isInstanceOf(BindException.class)
                .hasMessageContaining("hub.delivery.prefetch");
    }

    private static Map<String, String> with(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>(EVERY_STAGE);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private static WorkConsumers bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("hub", WorkConsumers.class).get();
    }
}
