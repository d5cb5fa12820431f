package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import jakarta.validation.Validation;

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
        assertThat(problem(with("hub.delivery.prefetch", "0")))
                .isEqualTo("hub.delivery.prefetch must be between 1 and 1000");
        assertThat(problem(with("hub.router.prefetch", "100000")))
                .isEqualTo("hub.router.prefetch must be between 1 and 1000");
        assertThat(problem(with("hub.leads.consumers", "65")))
                .isEqualTo("hub.leads.consumers must be between 1 and 64");
        assertThat(problem(with("hub.ingress.consumers", "-1")))
                .isEqualTo("hub.ingress.consumers must be between 1 and 64");
    }

    @Test
    void aStageLeftOutIsAnErrorNotAZeroConsumerQueue() {
        Map<String, String> withoutRouter = new HashMap<>(EVERY_STAGE);
        withoutRouter.remove("hub.router.consumers");

        assertThat(problem(withoutRouter)).isEqualTo("hub.router.consumers must be between 1 and 64");
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

    // bound and checked as the hub binds its @Validated settings
    private static WorkConsumers bind(Map<String, String> properties) {
        Validator validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("hub", Bindable.of(WorkConsumers.class), new ValidationBindHandler(validator)).get();
    }

    // the one problem binding finds, as "<key> <reason>"
    private static String problem(Map<String, String> properties) {
        try {
            bind(properties);
        } catch (BindException e) {
            ValidationErrors errors = ((BindValidationException) e.getCause()).getValidationErrors();
            assertThat(errors.getAllErrors()).hasSize(1);
            ObjectError error = errors.getAllErrors().get(0);
            return errors.getName() + "." + ((FieldError) error).getField() + " " + error.getDefaultMessage();
        }
        throw new AssertionError("bound without a problem: " + properties);
    }
}
